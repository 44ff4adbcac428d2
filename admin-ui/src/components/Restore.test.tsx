import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiJob } from '../api/types';
import { navigateTo } from '../navigate';
import { restError, type FakeApi } from '../test-utils/fake-api';
import { backup, environment, job, settings } from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findNotice, openScreen, poll } from '../test-utils/screen';
import { withSiteDate } from '../test-utils/site-date';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
jest.mock( '../navigate', () => ( { navigateTo: jest.fn() } ) );

const SCREEN = 'http://localhost/wp-admin/tools.php?page=site-backups';
// 03:12 in Paris, the site's time zone below.
const restorable = backup( { created: '2026-11-26T02:12:00+00:00' } );

let api: FakeApi;

function restoreJob( overrides: Partial< ApiJob > = {} ): ApiJob {
	return job( {
		id: 'r'.repeat( 32 ),
		kind: 'restore',
		params: {
			backup: restorable.id,
			environment: 'production',
			parts: [ 'database', 'files' ],
			safety_backup: true,
		},
		progress: {
			phase: 'safety_backup',
			done: 30,
			total: 100,
			percent: 30,
			bytes: 0,
			current: '',
		},
		...overrides,
	} );
}

function serveSite() {
	api.on( 'GET', '/environments', () => [
		environment(),
		environment( {
			name: 'staging',
			label: 'Staging',
			url: 'http://localhost:8889',
			automatic_backups: false,
			next_scheduled: null,
		} ),
	] );
	api.on( 'GET', '/settings', () => settings );
	api.on( 'GET', '/jobs', () => [] );
	api.on( 'GET', '/backups', () => [ restorable ] );
}

/**
 * Types the site's name, as a restore over production asks.
 *
 * @param user   The user.
 * @param dialog The restore dialog.
 */
async function confirmSiteName(
	user: ReturnType< typeof userEvent.setup >,
	dialog: HTMLElement
) {
	await user.type(
		within( dialog ).getByLabelText(
			"Type the site's name, Corner Shop, to confirm"
		),
		'corner shop'
	);
}

async function openRestoreDialog( user: ReturnType< typeof userEvent.setup > ) {
	await user.click(
		await screen.findByRole( 'button', {
			name: /^Restore the backup of/,
		} )
	);
	return screen.findByRole( 'dialog' );
}

withSiteDate( 'Europe/Paris' );

beforeEach( () => {
	api = openScreen();
	( navigateTo as jest.Mock ).mockReset();
	window.siteBackupsAdmin = {
		...window.siteBackupsAdmin,
		restRoot: 'http://localhost/wp-json/',
		restNonce: 'abc123',
		loginUrl: 'http://localhost/wp-login.php',
		currentEnvironment: 'production',
		siteName: 'Corner Shop',
	};
} );

afterEach( () => {
	delete window.siteBackupsAdmin;
} );

describe( 'Restore', () => {
	it( 'names the site restored and the moment it goes back to, and what is lost', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openRestoreDialog( user );
		expect( dialog ).toHaveAccessibleName(
			'Restore Production to how it was on 26 November 2026 at 03:12?'
		);
		expect( dialog ).toHaveTextContent(
			'Changes made to Production after 26 November 2026 at 03:12 will be lost:'
		);
		expect( dialog ).toHaveTextContent(
			'Database: posts, pages, comments, users, settings and orders.'
		);
		expect( dialog ).toHaveTextContent(
			'Files: uploads, plugins and themes.'
		);
		expect(
			within( dialog ).getByRole( 'checkbox', {
				name: 'Take a safety backup of Production first (recommended)',
			} )
		).toBeChecked();
		expect(
			within( dialog ).getByText( /lets you undo the restore/ )
		).toBeInTheDocument();
	} );

	it( 'will not restore nothing: the button says why it is disabled', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openRestoreDialog( user );
		await user.click(
			within( dialog ).getByRole( 'checkbox', { name: 'Database' } )
		);
		await user.click(
			within( dialog ).getByRole( 'checkbox', { name: 'Files' } )
		);
		const restore = within( dialog ).getByRole( 'button', {
			name: 'Restore Production',
		} );
		expect( restore ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( restore ).toHaveAccessibleDescription(
			'Choose the database, the files or both.'
		);
		await user.click( restore );
		expect( api.calls.some( ( call ) => call.method === 'POST' ) ).toBe(
			false
		);
	} );

	it( 'explains what restoring into the other environment does', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openRestoreDialog( user );
		expect(
			within( dialog ).getByRole( 'radio', { name: 'Production' } )
		).toBeChecked();
		await user.click(
			within( dialog ).getByRole( 'radio', { name: 'Staging' } )
		);
		expect( dialog ).toHaveAccessibleName(
			'Restore Staging to how Production was on 26 November 2026 at 03:12?'
		);
		expect( dialog ).toHaveTextContent(
			'The site address will be changed to that of Staging (http://localhost:8889). Staging stays a staging site, hidden from search engines.'
		);
		expect( dialog ).toHaveTextContent(
			'What Staging holds now will be replaced:'
		);
		expect(
			within( dialog ).getByRole( 'checkbox', {
				name: 'Take a safety backup of Staging first (recommended)',
			} )
		).toBeInTheDocument();
	} );

	it( 'sends the chosen target, parts and safety backup, then follows the restore to its end', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			let polled: ApiJob = restoreJob( {
				environment: 'staging',
				params: {
					backup: restorable.id,
					environment: 'staging',
					parts: [ 'files' ],
					safety_backup: false,
				},
				progress: {
					phase: 'files',
					done: 1,
					total: 4,
					percent: 25,
					bytes: 0,
					current: 'wp-content/uploads',
				},
			} );
			api.on( 'POST', '/backups/:id/restore', () => polled );
			api.on( 'GET', '/jobs/:id', () => polled );
			const user = userEvent.setup( {
				advanceTimers: jest.advanceTimersByTime,
			} );
			renderWithRegistry( <App /> );
			const dialog = await openRestoreDialog( user );
			await user.click(
				within( dialog ).getByRole( 'radio', { name: 'Staging' } )
			);
			await user.click(
				within( dialog ).getByRole( 'checkbox', { name: 'Database' } )
			);
			await user.click(
				within( dialog ).getByRole( 'checkbox', {
					name: /^Take a safety backup/,
				} )
			);
			await user.click(
				within( dialog ).getByRole( 'button', {
					name: 'Restore Staging',
				} )
			);
			expect( api.calls ).toContainEqual( {
				method: 'POST',
				path: `/backups/${ restorable.id }/restore`,
				data: {
					environment: 'staging',
					parts: [ 'files' ],
					safety_backup: false,
				},
			} );

			// The progress shows in the tab the admin is on, and has focus.
			const progress = await screen.findByRole( 'status' );
			const panel = screen.getByRole( 'group', {
				name: /^Restoring Staging/,
			} );
			await waitFor( () => expect( panel ).toHaveFocus() );
			expect( screen.queryByRole( 'dialog' ) ).toBeNull();
			expect( progress ).toHaveTextContent(
				'Restoring Staging… Restoring files'
			);
			expect( panel ).toHaveFocus();
			expect(
				screen.getByRole( 'progressbar', { name: 'Restore progress' } )
			).toBeInTheDocument();
			expect(
				screen.getByRole( 'button', { name: 'Cancel restore' } )
			).toBeEnabled();

			// Past the point of no return, as the server says.
			polled = {
				...polled,
				progress: { ...polled.progress, phase: 'switching' },
				committed: true,
				can_cancel: false,
			};
			await poll();
			expect( progress ).toHaveTextContent(
				'Switching to the restored site'
			);
			expect( panel ).toHaveFocus();
			expect(
				screen.getByRole( 'button', { name: 'Cancel restore' } )
			).toHaveAttribute( 'aria-disabled', 'true' );

			polled = {
				...polled,
				status: 'done',
				result: {
					backup: restorable.id,
					safety_backup: null,
					environment: 'staging',
					parts: [ 'files' ],
				},
			};
			await poll();
			expect(
				await findNotice(
					'Staging was restored from the Production backup of 26 November 2026 at 03:12.'
				)
			).toBeInTheDocument();
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'says a safety backup was taken when the restore is done', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			api.on( 'GET', '/jobs', () => [ restoreJob() ] );
			api.on( 'GET', '/jobs/:id', () =>
				restoreJob( {
					status: 'done',
					result: {
						backup: restorable.id,
						safety_backup: '01m8c24kk64pmvymegwwn0y3zz',
						environment: 'production',
						parts: [ 'database', 'files' ],
					},
				} )
			);
			renderWithRegistry( <App /> );
			expect( await screen.findByRole( 'status' ) ).toHaveTextContent(
				'Restoring Production… Taking a safety backup'
			);
			await poll();
			expect(
				await findNotice(
					'Production was restored to the backup of 26 November 2026 at 03:12. A safety backup was taken: you can undo this by restoring it.'
				)
			).toBeInTheDocument();
			expect( navigateTo ).not.toHaveBeenCalled();
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'shows the job’s message when the restore fails', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			api.on( 'GET', '/jobs', () => [ restoreJob() ] );
			api.on( 'GET', '/jobs/:id', () =>
				restoreJob( {
					status: 'failed',
					message:
						'The restore stopped before anything was changed: the disk is full.',
				} )
			);
			renderWithRegistry( <App /> );
			await screen.findByRole( 'status' );
			await poll();
			expect(
				await findNotice(
					'The restore stopped before anything was changed: the disk is full.'
				)
			).toBeInTheDocument();
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'shows that another job is running when the restore cannot start', async () => {
		serveSite();
		api.on( 'POST', '/backups/:id/restore', () => {
			throw restError(
				409,
				'site_backups_job_running',
				'A backup is already running.',
				{ job: job( { environment: 'staging' } ) }
			);
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openRestoreDialog( user );
		await confirmSiteName( user, dialog );
		await user.click(
			within( dialog ).getByRole( 'button', {
				name: 'Restore Production',
			} )
		);
		expect(
			await findNotice( 'A staging backup started at 11:00 is running.' )
		).toBeInTheDocument();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect(
			screen.getByText(
				'Another backup is running: one backup runs at a time.'
			)
		).toBeInTheDocument();
	} );

	it( 'keeps the dialog open with the reason when the request is refused', async () => {
		serveSite();
		api.on( 'POST', '/backups/:id/restore', () => {
			throw restError(
				400,
				'site_backups_environment_unavailable',
				'The staging site is not available.'
			);
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openRestoreDialog( user );
		await confirmSiteName( user, dialog );
		await user.click(
			within( dialog ).getByRole( 'button', {
				name: 'Restore Production',
			} )
		);
		expect(
			await within( dialog ).findByRole( 'alert' )
		).toHaveTextContent( 'The staging site is not available.' );
		expect( screen.getByRole( 'dialog' ) ).toBe( dialog );
	} );

	it( 'offers a download link carrying the REST nonce', async () => {
		serveSite();
		renderWithRegistry( <App /> );
		const link = await screen.findByRole( 'link', {
			name: /^Download the backup of/,
		} );
		expect( link ).toHaveAttribute(
			'href',
			`http://localhost/wp-json/site-backups/v1/backups/${ restorable.id }/download?_wpnonce=abc123`
		);
		expect( link ).toHaveAttribute( 'download' );
	} );

	it( 'sends the admin to the login page when a restore of this site ended their login', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			api.on( 'GET', '/jobs', () => [
				restoreJob( {
					progress: { ...restoreJob().progress, phase: 'database' },
				} ),
			] );
			api.on( 'GET', '/jobs/:id', () => {
				throw restError(
					401,
					'rest_not_logged_in',
					'You are not currently logged in.'
				);
			} );
			renderWithRegistry( <App /> );
			await screen.findByRole( 'status' );
			await poll();
			await waitFor( () =>
				expect( navigateTo ).toHaveBeenCalledTimes( 1 )
			);
			const target = new URL(
				( navigateTo as jest.Mock ).mock.calls[ 0 ][ 0 ]
			);
			expect( target.origin + target.pathname ).toBe(
				'http://localhost/wp-login.php'
			);
			expect( target.searchParams.get( 'site_backups_restored' ) ).toBe(
				'1'
			);
			expect( target.searchParams.get( 'redirect_to' ) ).toBe( SCREEN );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'leaves the admin on the screen when a restore of the other site is followed by a login error', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			api.on( 'GET', '/jobs', () => [
				restoreJob( { environment: 'staging' } ),
			] );
			api.on( 'GET', '/jobs/:id', () => {
				throw restError( 401, 'rest_not_logged_in', 'Not logged in.' );
			} );
			renderWithRegistry( <App /> );
			await screen.findByRole( 'status' );
			await poll();
			expect( navigateTo ).not.toHaveBeenCalled();
		} finally {
			jest.useRealTimers();
		}
	} );
} );
