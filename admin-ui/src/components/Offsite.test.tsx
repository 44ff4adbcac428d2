import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiBackup, ApiSettings } from '../api/types';
import type { FakeApi } from '../test-utils/fake-api';
import {
	backup,
	environment,
	job,
	offsiteSettings,
	settings,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import {
	findRegion,
	findRow,
	openScreen,
	poll,
	serveSite as serveSiteWith,
} from '../test-utils/screen';
import { toJobView } from '../view-models/job-view';
import { App } from './App';
import { JobProgress } from './JobProgress';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const bothPlaces = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d1',
	note: 'Kept in both places',
	locations: [ 'local', 'offsite' ],
} );
const localOnly = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d2',
	note: 'Kept here',
	locations: [ 'local' ],
} );
const offsiteOnly = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d3',
	note: 'Kept in the bucket',
	created: '2026-10-01T10:00:00+00:00',
	locations: [ 'offsite' ],
} );

let api: FakeApi;

function serveSite(
	backups: ApiBackup[],
	siteSettings: ApiSettings = offsiteSettings()
) {
	serveSiteWith( api, { settings: siteSettings, backups: () => backups } );
}

function locationOf( row: HTMLElement ) {
	return row.querySelector( 'td[data-label="Location"]' );
}

beforeEach( () => {
	api = openScreen();
} );

describe( 'Where backups are kept', () => {
	it( 'labels each row with where the backup is kept, in words', async () => {
		serveSite( [ bothPlaces, localOnly, offsiteOnly ] );
		renderWithRegistry( <App /> );
		const both = await findRow( 'Kept in both places' );
		expect(
			screen.getByRole( 'columnheader', { name: 'Location' } )
		).toBeInTheDocument();
		expect( locationOf( both ) ).toHaveTextContent( /^Local \+ off-site$/ );
		expect( locationOf( await findRow( 'Kept here' ) ) ).toHaveTextContent(
			/^Local$/
		);
		expect(
			locationOf( await findRow( 'Kept in the bucket' ) )
		).toHaveTextContent( /^Off-site$/ );
	} );

	it( 'offers restore and a fetch but neither download nor delete for a backup kept only off-site', async () => {
		serveSite( [ localOnly, offsiteOnly ] );
		renderWithRegistry( <App /> );
		const remote = await findRow( 'Kept in the bucket' );
		expect(
			within( remote ).getByRole( 'button', {
				name: /^Restore the backup of/,
			} )
		).toBeInTheDocument();
		expect(
			within( remote ).getByRole( 'button', {
				name: /^Fetch the backup of .* from off-site storage$/,
			} )
		).toBeInTheDocument();
		expect(
			within( remote ).queryByRole( 'link', {
				name: /^Download the backup of/,
			} )
		).toBeNull();
		expect(
			within( remote ).queryByRole( 'button', {
				name: /^Delete the backup of/,
			} )
		).toBeNull();
		expect(
			within( await findRow( 'Kept here' ) ).getByRole( 'button', {
				name: /^Delete the backup of/,
			} )
		).toBeInTheDocument();
	} );

	it( 'says a backup kept only off-site is fetched before it is restored', async () => {
		serveSite( [ offsiteOnly ] );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			within( await findRow( 'Kept in the bucket' ) ).getByRole(
				'button',
				{ name: /^Restore the backup of/ }
			)
		);
		expect( await screen.findByRole( 'dialog' ) ).toHaveTextContent(
			'This backup is kept only in off-site storage: it is fetched from there first, which can take a while.'
		);
	} );

	it( 'shows the place in the details', async () => {
		serveSite( [ offsiteOnly ] );
		api.on( 'GET', '/backups/:id', () => ( {
			...offsiteOnly,
			details: { skipped: [], excluded: [] },
			log: [],
		} ) );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			within( await findRow( 'Kept in the bucket' ) ).getByRole(
				'button',
				{ name: /^Details of the backup of/ }
			)
		);
		const dialog = await screen.findByRole( 'dialog' );
		expect(
			await within( dialog ).findByText( 'Location' )
		).toBeInTheDocument();
		expect( within( dialog ).getByText( 'Off-site' ) ).toBeInTheDocument();
	} );

	it( 'treats backups from a server without off-site copies as local', async () => {
		const older: ApiBackup = { ...localOnly };
		delete older.locations;
		serveSite( [ older ], settings );
		renderWithRegistry( <App /> );
		const row = await findRow( 'Kept here' );
		expect( locationOf( row ) ).toHaveTextContent( /^Local$/ );
		expect(
			within( row ).getByRole( 'button', {
				name: /^Delete the backup of/,
			} )
		).toBeInTheDocument();
	} );
} );

describe( 'Off-site status', () => {
	it( 'says, muted, when off-site copies are not set up', async () => {
		serveSite( [], settings );
		renderWithRegistry( <App /> );
		const line = await within( await findRegion() ).findByText(
			'Off-site copies are not set up.'
		);
		expect( line ).toHaveClass( 'site-backups__muted' );
		expect( screen.queryByText( /off-site copy failed/ ) ).toBeNull();
	} );

	it( 'says copies are on and encrypted, when the last one was made, and where they go', async () => {
		serveSite( [] );
		renderWithRegistry( <App /> );
		const region = await findRegion();
		const line = await within( region ).findByText(
			'Off-site copies: on, encrypted · last copy 12 minutes ago'
		);
		expect( line ).not.toHaveClass( 'site-backups__muted' );
		expect( line ).toHaveTextContent(
			'Destination: bucket site-backups at http://127.0.0.1:8886 (prefix example.com)'
		);
		expect( screen.queryByText( /off-site copy failed/ ) ).toBeNull();
	} );

	it( 'warns with the error while copies fail, and says backups are still kept here', async () => {
		serveSite(
			[],
			offsiteSettings( {
				healthy: false,
				message: 'The bucket refused the access key (403 Forbidden).',
				last_copy: new Date(
					Date.now() - 3 * 24 * 3600 * 1000
				).toISOString(),
			} )
		);
		renderWithRegistry( <App /> );
		const warning = (
			await screen.findByText(
				'The last off-site copy failed: The bucket refused the access key (403 Forbidden).'
			)
		).closest( '.notice' );
		expect( warning ).toHaveClass( 'notice-warning' );
		expect( warning ).toHaveTextContent(
			'Backups are still made and kept on this server'
		);
		expect(
			within( warning as HTMLElement ).queryByRole( 'button', {
				name: /dismiss/i,
			} )
		).toBeNull();
		expect(
			within( await findRegion() ).getByText(
				/last successful copy 3 days ago/
			)
		).toBeInTheDocument();
	} );

	it( 'shows the server’s own warning once, not twice', async () => {
		serveSite(
			[],
			offsiteSettings( {
				healthy: false,
				message: 'Bucket unreachable.',
			} )
		);
		api.on( 'GET', '/environments', () => [
			environment( {
				warnings: [
					{
						code: 'offsite_failing',
						message: 'Off-site copies fail: Bucket unreachable.',
						fix: 'Check the bucket.',
					},
				],
			} ),
		] );
		renderWithRegistry( <App /> );
		expect(
			await screen.findByText(
				'Off-site copies fail: Bucket unreachable.'
			)
		).toBeInTheDocument();
		expect( screen.queryByText( /off-site copy failed/ ) ).toBeNull();
	} );

	it( 'asks again when a backup ends, so a failed copy shows at once', async () => {
		jest.useFakeTimers();
		try {
			serveSite( [ localOnly ] );
			let polled = job( {
				progress: {
					phase: 'offsite',
					done: 3,
					total: 12,
					percent: null,
					bytes: 0,
					current: '',
				},
			} );
			api.on( 'GET', '/jobs', () => [ polled ] );
			api.on( 'GET', '/jobs/:id', () => polled );
			renderWithRegistry( <App /> );
			expect( await screen.findByRole( 'status' ) ).toHaveTextContent(
				'Backing up production… Copying the backup off-site'
			);

			polled = { ...polled, status: 'done' };
			api.on( 'GET', '/settings', () =>
				offsiteSettings( {
					healthy: false,
					message: 'The bucket is full.',
				} )
			);
			await poll();
			expect(
				await screen.findByText(
					'The last off-site copy failed: The bucket is full.'
				)
			).toBeInTheDocument();
		} finally {
			jest.useRealTimers();
		}
	} );
} );

describe( 'Off-site phases of a job', () => {
	it( 'names copying a backup off-site', () => {
		render(
			<JobProgress
				job={ toJobView(
					job( {
						progress: {
							phase: 'offsite',
							done: 5,
							total: 20,
							percent: null,
							bytes: 0,
							current: '',
						},
					} )
				) }
				onCancel={ jest.fn() }
			/>
		);
		expect( screen.getByRole( 'status' ) ).toHaveTextContent(
			'Backing up production… Copying the backup off-site'
		);
	} );

	it( 'names fetching a backup from off-site storage before a restore', async () => {
		render(
			<JobProgress
				job={ toJobView(
					job( {
						kind: 'restore',
						progress: {
							phase: 'fetching',
							done: 1,
							total: 2,
							percent: 50,
							bytes: 0,
							current: '',
						},
					} )
				) }
				onCancel={ jest.fn() }
			/>
		);
		const progress = screen.getByRole( 'status' );
		expect( progress ).toHaveTextContent(
			'Restoring Production… Fetching the backup from off-site storage'
		);
		await waitFor( () =>
			expect(
				screen.getByRole( 'button', { name: 'Cancel restore' } )
			).toBeEnabled()
		);
	} );
} );
