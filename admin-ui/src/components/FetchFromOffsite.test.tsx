import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch from '@wordpress/api-fetch';
import { getSettings, setSettings } from '@wordpress/date';

import type { ApiBackup, ApiJob } from '../api/types';
import { createFakeApi, restError, type FakeApi } from '../test-utils/fake-api';
import {
	backup,
	environment,
	job,
	offsiteSettings,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { App, POLL_MILLISECONDS } from './App';

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
	return job( {
		id: 'f'.repeat( 32 ),
		kind: 'fetch',
		params: { backup: remote.id },
		progress: {
			phase: 'fetching',
			done: 3,
			total: null,
			percent: null,
			bytes: 1536 * 1024,
			current: '',
		},
		...overrides,
	} );
}

function serveSite() {
	listed = [ local, remote ];
	api.on( 'GET', '/environments', () => [ environment() ] );
	api.on( 'GET', '/settings', () => offsiteSettings() );
	api.on( 'GET', '/jobs', () => [] );
	api.on( 'GET', '/backups', () => listed );
}

async function findRow( note: string ) {
	const table = await screen.findByRole( 'table' );
	const row = within( table ).getByText( note ).closest( 'tr' );
	expect( row ).not.toBeNull();
	return row as HTMLElement;
}

function fetchButtonOf( row: HTMLElement ) {
	return within( row ).getByRole( 'button', {
		name: /^Fetch the backup of .* from off-site storage$/,
	} );
}

/**
 * A notice on the screen (not its copy in the screen reader's live region).
 *
 * @param text The notice's text.
 */
function findNotice( text: string ) {
	return waitFor( () => {
		const area = document.querySelector( '.site-backups__notice-area' );
		expect( area ).not.toBeNull();
		return within( area as HTMLElement ).getByText( text );
	} );
}

async function poll() {
	await act( async () => {
		jest.advanceTimersByTime( POLL_MILLISECONDS );
	} );
}

const originalDate = getSettings();

beforeAll( () => {
	setSettings( {
		...originalDate,
		formats: { ...originalDate.formats, date: 'j F Y', time: 'H:i' },
		timezone: {
			offset: '1',
			offsetFormatted: '+01:00',
			string: 'Europe/Paris',
			abbr: 'CET',
		},
	} );
} );
afterAll( () => setSettings( originalDate ) );

beforeEach( () => {
	api = createFakeApi();
	( apiFetch as unknown as jest.Mock ).mockImplementation( api.fetch );
	window.history.replaceState(
		null,
		'',
		'/wp-admin/tools.php?page=site-backups'
	);
} );

describe( 'Fetching a backup kept only off-site', () => {
	it( 'offers to fetch it instead of a download link', async () => {
		serveSite();
		renderWithRegistry( <App /> );
		const row = await findRow( 'Kept in the bucket' );
		const fetch = fetchButtonOf( row );
		expect( fetch ).toHaveTextContent( 'Fetch from off-site' );
		expect( fetch ).toHaveAccessibleName(
			'Fetch the backup of 20 November 2026 11:00 from off-site storage'
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
			await waitFor( () => expect( progress ).toHaveFocus() );
			expect( progress ).toHaveTextContent(
				'Fetching a backup from off-site storage… Fetching from off-site storage'
			);
			expect( progress ).toHaveTextContent( '1.5 MB fetched so far' );
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
				{ ...remote, locations: [ 'local', 'offsite' ] },
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
						name: 'Download the backup of 20 November 2026 11:00',
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
			await findNotice( 'A backup is already running.' )
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
