import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiBackup, ApiJob } from '../api/types';
import { restError, type FakeApi } from '../test-utils/fake-api';
import {
	backup,
	decided,
	fetchJob as fetchJobOf,
	job,
	offsiteSettings,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import {
	findNotice,
	findRow,
	openScreen,
	poll,
	serveSite as serveSiteWith,
} from '../test-utils/screen';
import { withSiteDate } from '../test-utils/site-date';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

// 11:00 in Paris, the site's time zone below.
const remote = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d3',
	note: 'Kept in the bucket',
	created: '2026-11-20T10:00:00+00:00',
	locations: [ 'offsite' ],
} );
const local = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d2',
	note: 'Kept here',
	locations: [ 'local', 'offsite' ],
} );

let api: FakeApi;
let listed: ApiBackup[];

function fetchJob( overrides: Partial< ApiJob > = {} ): ApiJob {
	return fetchJobOf( remote.id, overrides );
}

function serveSite() {
	listed = [ local, remote ];
	serveSiteWith( api, {
		settings: offsiteSettings(),
		backups: () => listed,
	} );
}

function fetchButtonOf( row: HTMLElement ) {
	return within( row ).getByRole( 'button', {
		name: /^Fetch the backup of .* from off-site storage$/,
	} );
}

withSiteDate( 'Europe/Paris' );

beforeEach( () => {
	api = openScreen();
} );

describe( 'Fetching a backup kept only off-site', () => {
	it( 'offers to fetch it instead of a download link', async () => {
		serveSite();
		renderWithRegistry( <App /> );
		const row = await findRow( 'Kept in the bucket' );
		const fetch = fetchButtonOf( row );
		expect( fetch ).toHaveTextContent( 'Fetch from off-site' );
		expect( fetch ).toHaveAccessibleName(
			'Fetch the backup of 20 November 2026 11:00:00 from off-site storage'
		);
		expect(
			within( row ).queryByRole( 'link', { name: /^Download/ } )
		).toBeNull();
		const here = await findRow( 'Kept here' );
		expect(
			within( here ).getByRole( 'link', {
				name: /^Download the backup of/,
			} )
		).toBeInTheDocument();
		expect(
			within( here ).queryByRole( 'button', { name: /^Fetch/ } )
		).toBeNull();
	} );

	it( 'fetches it as a job, shows the progress, then lists it with its download link', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			let polled = fetchJob();
			api.on( 'POST', '/backups/:id/fetch', () => polled );
			api.on( 'GET', '/jobs/:id', () => polled );
			const user = userEvent.setup( {
				advanceTimers: jest.advanceTimersByTime,
			} );
			renderWithRegistry( <App /> );
			await user.click(
				fetchButtonOf( await findRow( 'Kept in the bucket' ) )
			);
			expect( api.calls ).toContainEqual( {
				method: 'POST',
				path: `/backups/${ remote.id }/fetch`,
				data: undefined,
			} );

			const progress = await screen.findByRole( 'status' );
			const panel = screen.getByRole( 'group', {
				name: /^Fetching a backup from off-site storage/,
			} );
			await waitFor( () => expect( panel ).toHaveFocus() );
			expect( progress ).toHaveTextContent(
				'Fetching a backup from off-site storage… Fetching from off-site storage'
			);
			// The amount changes with every poll: beside the live region, not in it.
			expect( progress ).not.toHaveTextContent( 'fetched so far' );
			expect( panel ).toHaveTextContent( '1.5 MB fetched so far' );
			expect(
				screen.getByRole( 'progressbar', { name: 'Fetch progress' } )
			).toBeInTheDocument();
			expect(
				screen.getByRole( 'button', { name: 'Cancel fetch' } )
			).toBeEnabled();
			const row = await findRow( 'Kept in the bucket' );
			expect( fetchButtonOf( row ) ).toHaveTextContent( 'Fetching…' );
			expect(
				screen.getByRole( 'button', {
					name: 'Create a new backup from Production',
				} )
			).toHaveAccessibleDescription(
				'A backup is being fetched from off-site storage: one job runs at a time.'
			);

			polled = fetchJob( {
				status: 'done',
				progress: { ...polled.progress, phase: 'done', done: 12 },
				result: { backup: remote.id },
			} );
			listed = [
				local,
				decided( { ...remote, locations: [ 'local', 'offsite' ] } ),
			];
			await poll();
			expect(
				await findNotice(
					'The backup of 20 November 2026 at 11:00 is on this server now: you can download it.'
				)
			).toBeInTheDocument();
			const fetched = await findRow( 'Kept in the bucket' );
			await waitFor( () =>
				expect(
					within( fetched ).getByRole( 'link', {
						name: 'Download the backup of 20 November 2026 11:00:00',
					} )
				).toBeInTheDocument()
			);
			expect(
				within( fetched ).queryByRole( 'button', { name: /^Fetch/ } )
			).toBeNull();
			expect( screen.queryByRole( 'status' ) ).toBeNull();
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'cancels a fetch like a backup', async () => {
		serveSite();
		api.on( 'GET', '/jobs', () => [ fetchJob() ] );
		api.on( 'POST', '/jobs/:id/cancel', () =>
			fetchJob( { cancelling: true } )
		);
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'button', { name: 'Cancel fetch' } )
		);
		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: `/jobs/${ 'f'.repeat( 32 ) }/cancel`,
			data: undefined,
		} );
		expect(
			await screen.findByRole( 'button', { name: 'Cancelling…' } )
		).toBeDisabled();
	} );

	it( 'shows the job’s message when the fetch fails', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			api.on( 'GET', '/jobs', () => [ fetchJob() ] );
			api.on( 'GET', '/jobs/:id', () =>
				fetchJob( {
					status: 'failed',
					message:
						'The backup could not be fetched: the bucket refused the access key.',
				} )
			);
			renderWithRegistry( <App /> );
			await screen.findByRole( 'status' );
			await poll();
			expect(
				await findNotice(
					'The backup could not be fetched: the bucket refused the access key.'
				)
			).toBeInTheDocument();
			expect(
				fetchButtonOf( await findRow( 'Kept in the bucket' ) )
			).toHaveTextContent( 'Fetch from off-site' );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'shows why it cannot start while another job runs, and that job', async () => {
		serveSite();
		api.on( 'POST', '/backups/:id/fetch', () => {
			throw restError(
				409,
				'site_backups_job_running',
				'A backup is already running.',
				{ job: job() }
			);
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			fetchButtonOf( await findRow( 'Kept in the bucket' ) )
		);
		expect(
			await findNotice(
				/^A production backup started at .+ is running\.$/
			)
		).toBeInTheDocument();
		expect( await screen.findByRole( 'status' ) ).toHaveTextContent(
			'Backing up production…'
		);
		const fetch = fetchButtonOf( await findRow( 'Kept in the bucket' ) );
		expect( fetch ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( fetch ).toHaveAccessibleDescription(
			'A backup of this environment is running.'
		);
	} );
} );
