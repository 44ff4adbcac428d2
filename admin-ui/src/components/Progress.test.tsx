import { act, screen, waitFor, within } from '@testing-library/react';
import { speak } from '@wordpress/a11y';
import userEvent from '@testing-library/user-event';

import type { ApiJob } from '../api/types';
import type { FakeApi } from '../test-utils/fake-api';
import { backup, environment, job, settings } from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findNotice, openScreen, poll } from '../test-utils/screen';
import { withSiteDate } from '../test-utils/site-date';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );
jest.mock( '@wordpress/a11y', () => ( { speak: jest.fn() } ) );

const restored = backup( { created: '2026-11-26T02:12:00+00:00' } );
const SAFETY = '01m8c24kk64pmvymegwwn0y3zz';

let api: FakeApi;

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
	api.on( 'GET', '/backups', () => [ restored ] );
}

function restoreJob( overrides: Partial< ApiJob > = {} ): ApiJob {
	return job( {
		id: 'r'.repeat( 32 ),
		kind: 'restore',
		params: {
			backup: restored.id,
			environment: 'production',
			parts: [ 'database', 'files' ],
			safety_backup: true,
		},
		progress: {
			phase: 'database',
			done: 3,
			total: 10,
			percent: 30,
			bytes: 0,
			current: '',
		},
		...overrides,
	} );
}

const doneRestore = () =>
	restoreJob( {
		status: 'done',
		finished: '2026-11-26T10:05:00+00:00',
		can_cancel: false,
		result: {
			backup: restored.id,
			safety_backup: SAFETY,
			environment: 'production',
			parts: [ 'database', 'files' ],
		},
	} );

function typeName( user: ReturnType< typeof userEvent.setup > ) {
	return user.type(
		screen.getByLabelText(
			"Type the site's name, Corner Shop, to confirm"
		),
		'Corner Shop'
	);
}

withSiteDate( 'Europe/Paris' );

beforeEach( () => {
	api = openScreen();
	( speak as jest.Mock ).mockReset();
	window.siteBackupsAdmin = {
		...window.siteBackupsAdmin,
		currentEnvironment: 'production',
		siteName: 'Corner Shop',
	};
	jest.useFakeTimers();
	jest.setSystemTime( new Date( '2026-11-26T10:02:10Z' ) );
} );

afterEach( () => {
	jest.useRealTimers();
	delete window.siteBackupsAdmin?.siteName;
} );

const setUpUser = () =>
	userEvent.setup( { advanceTimers: jest.advanceTimersByTime } );

describe( 'A running job’s progress', () => {
	it( 'counts files, tables and data, and the time taken, outside the live region', async () => {
		let polled = job( {
			progress: {
				phase: 'files',
				done: 1204,
				total: 4001,
				percent: 30,
				bytes: 120 * 1024 * 1024,
				current: 'wp-content/uploads/2026/11',
			},
		} );
		serveSite();
		api.on( 'GET', '/jobs', () => [ polled ] );
		api.on( 'GET', '/jobs/:id', () => polled );
		renderWithRegistry( <App /> );
		const live = await screen.findByRole( 'status' );
		const panel = screen.getByRole( 'group', {
			name: /^Backing up production/,
		} );
		expect( live ).toHaveTextContent(
			'Backing up production… Backing up files'
		);
		expect( panel ).toHaveTextContent(
			'30% · 1,204 of 4,001 files · 120 MB'
		);
		expect( panel ).toHaveTextContent( 'Running for 2 min 10 s' );
		// The path worked on changes too fast to read: it is not shown.
		expect( panel ).not.toHaveTextContent( 'wp-content/uploads' );
		const said = live.innerHTML;

		// A tick: new numbers, the same phase; the live region stays as it was.
		polled = {
			...polled,
			progress: {
				...polled.progress,
				done: 2000,
				percent: 49,
				current: 'wp-content/plugins',
			},
		};
		await poll();
		await waitFor( () =>
			expect( panel ).toHaveTextContent( '49% · 2,000 of 4,001 files' )
		);
		expect( panel ).toHaveTextContent( 'Running for 2 min 12 s' );
		expect( live.innerHTML ).toBe( said );

		// A new phase is what the live region says.
		polled = {
			...polled,
			progress: {
				...polled.progress,
				phase: 'source:database',
				done: 13,
				total: 45,
				percent: 28,
				files: { done: 4001, total: 4001 },
				tables: { done: 12, total: 43 },
			} as ApiJob[ 'progress' ],
		};
		await poll();
		await waitFor( () =>
			expect( live ).toHaveTextContent(
				'Backing up production… Backing up the database'
			)
		);
		expect( panel ).toHaveTextContent(
			'4,001 of 4,001 files · 12 of 43 tables · 120 MB'
		);
	} );

	it( 'tells screen readers once when a backup starts and once when it ends, then focuses its row', async () => {
		let status: 'running' | 'done' = 'running';
		serveSite();
		api.on( 'GET', '/backups', () =>
			status === 'done' ? [ backup() ] : []
		);
		api.on( 'POST', '/backups', () => job() );
		api.on( 'GET', '/jobs/:id', () =>
			status === 'running'
				? job()
				: job( { status: 'done', result: { backup: backup().id } } )
		);
		const user = setUpUser();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'button', {
				name: 'Create a new backup from Production',
			} )
		);
		await screen.findByRole( 'status' );
		expect( speak ).toHaveBeenCalledTimes( 1 );
		expect( speak ).toHaveBeenLastCalledWith(
			'The production backup has started.'
		);

		await poll();
		await poll();
		expect( speak ).toHaveBeenCalledTimes( 1 );

		status = 'done';
		await poll();
		await findNotice( 'The production backup is complete.' );
		await act( async () => {
			jest.runOnlyPendingTimers();
		} );
		expect( speak ).toHaveBeenCalledTimes( 2 );
		expect( speak ).toHaveBeenLastCalledWith(
			'The production backup is complete.',
			'polite'
		);
		const row = document.querySelector(
			`tr[data-backup-id="${ backup().id }"]`
		);
		expect( row ).not.toBeNull();
		await waitFor( () => expect( row ).toHaveFocus() );
	} );

	it( 'focuses the notice that says why the job failed', async () => {
		serveSite();
		api.on( 'GET', '/jobs', () => [ job() ] );
		api.on( 'GET', '/jobs/:id', () =>
			job( { status: 'failed', message: 'The disk is full.' } )
		);
		renderWithRegistry( <App /> );
		await screen.findByRole( 'status' );
		await poll();
		const notice = await findNotice(
			'The backup failed: The disk is full.'
		);
		await act( async () => {
			jest.runOnlyPendingTimers();
		} );
		await waitFor( () =>
			expect( notice.closest( '.notice' ) ).toHaveFocus()
		);
		expect( speak ).toHaveBeenCalledTimes( 1 );
		expect( speak ).toHaveBeenCalledWith(
			'The backup failed: The disk is full.',
			'assertive'
		);
	} );
} );

describe( 'A job of the other environment', () => {
	it( 'shows as one line with its Cancel on the tab that does not show its progress', async () => {
		serveSite();
		const staging = job( { environment: 'staging' } );
		api.on( 'GET', '/jobs', () => [ staging ] );
		api.on( 'GET', '/jobs/:id', () => staging );
		api.on( 'POST', '/jobs/:id/cancel', () => ( {
			...staging,
			cancelling: true,
		} ) );
		const user = setUpUser();
		renderWithRegistry( <App /> );
		const region = await screen.findByRole( 'region', {
			name: 'Production backups',
		} );
		expect(
			await within( region ).findByText(
				'A staging backup is running… (40%)'
			)
		).toBeInTheDocument();
		expect( within( region ).queryByRole( 'status' ) ).toBeNull();
		await user.click(
			within( region ).getByRole( 'button', { name: 'Cancel backup' } )
		);
		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: `/jobs/${ staging.id }/cancel`,
			data: undefined,
		} );
		expect(
			await within( region ).findByRole( 'button', {
				name: 'Cancelling…',
			} )
		).toHaveAttribute( 'aria-disabled', 'true' );

		// Its own tab shows the whole progress.
		await user.click( screen.getByRole( 'tab', { name: 'Staging' } ) );
		expect( await screen.findByRole( 'status' ) ).toHaveTextContent(
			'Backing up staging…'
		);
		expect(
			screen.queryByText( /^A staging backup is running/ )
		).toBeNull();
	} );
} );

describe( 'Restoring over production', () => {
	async function openDialog( user: ReturnType< typeof userEvent.setup > ) {
		await user.click(
			await screen.findByRole( 'button', {
				name: /^Restore the backup of/,
			} )
		);
		return screen.findByRole( 'dialog' );
	}

	it( 'asks for the site’s name and says what visitors see during the switch', async () => {
		serveSite();
		api.on( 'POST', '/backups/:id/restore', () => restoreJob() );
		const user = setUpUser();
		renderWithRegistry( <App /> );
		const dialog = await openDialog( user );
		expect( dialog ).toHaveTextContent(
			'visitors may see the old site for a few seconds while the database tables are swapped'
		);
		expect( dialog ).toHaveTextContent(
			'A safety backup of the live site is taken first: restoring it is the way back.'
		);
		const restore = within( dialog ).getByRole( 'button', {
			name: 'Restore Production',
		} );
		expect( restore ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( restore ).toHaveAccessibleDescription(
			"Type the site's name above to confirm."
		);
		await user.type(
			within( dialog ).getByLabelText(
				"Type the site's name, Corner Shop, to confirm"
			),
			'Corner Sho'
		);
		await user.click( restore );
		expect( api.calls.some( ( call ) => call.method === 'POST' ) ).toBe(
			false
		);
		await user.type(
			within( dialog ).getByLabelText(
				"Type the site's name, Corner Shop, to confirm"
			),
			'p'
		);
		expect( restore ).toBeEnabled();
		await user.click( restore );
		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: `/backups/${ restored.id }/restore`,
			data: {
				environment: 'production',
				parts: [ 'database', 'files' ],
				safety_backup: true,
			},
		} );
		expect( speak ).toHaveBeenCalledWith(
			'The restore of Production has started.'
		);
	} );

	it( 'asks the same when a staging backup replaces production', async () => {
		serveSite();
		const user = setUpUser();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'tab', { name: 'Staging' } )
		);
		const dialog = await openDialog( user );
		expect(
			within( dialog ).queryByLabelText( /^Type the site's name/ )
		).toBeNull();
		expect(
			within( dialog ).getByRole( 'button', { name: 'Restore Staging' } )
		).toBeEnabled();
		await user.click(
			within( dialog ).getByRole( 'radio', { name: 'Production' } )
		);
		expect(
			within( dialog ).getByRole( 'button', {
				name: 'Restore Production',
			} )
		).toHaveAttribute( 'aria-disabled', 'true' );
		expect(
			within( dialog ).getByLabelText(
				"Type the site's name, Corner Shop, to confirm"
			)
		).toBeInTheDocument();
	} );

	it( 'offers to undo a finished restore by restoring its safety backup, once confirmed', async () => {
		serveSite();
		api.on( 'GET', '/jobs', () => [ restoreJob() ] );
		api.on( 'GET', '/jobs/:id', () => doneRestore() );
		api.on( 'POST', '/backups/:id/restore', () =>
			restoreJob( { id: 'u'.repeat( 32 ) } )
		);
		const user = setUpUser();
		renderWithRegistry( <App /> );
		await screen.findByRole( 'status' );
		await poll();
		const notice = (
			await findNotice(
				/^Production was restored to the backup of 26 November 2026 at 03:12\./
			)
		).closest( '.notice' ) as HTMLElement;
		await act( async () => {
			jest.runOnlyPendingTimers();
		} );
		await waitFor( () => expect( notice ).toHaveFocus() );
		expect( speak ).toHaveBeenCalledTimes( 1 );

		await user.click(
			within( notice ).getByRole( 'button', { name: 'Undo' } )
		);
		const dialog = await screen.findByRole( 'dialog', {
			name: 'Undo the restore?',
		} );
		expect( dialog ).toHaveTextContent(
			'Changes made since the restore will be lost.'
		);
		const undo = within( dialog ).getByRole( 'button', {
			name: 'Undo the restore',
		} );
		expect( undo ).toHaveAttribute( 'aria-disabled', 'true' );
		await typeName( user );
		await user.click( undo );
		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: `/backups/${ SAFETY }/restore`,
			data: {
				environment: 'production',
				parts: [ 'database', 'files' ],
				safety_backup: false,
			},
		} );
		await waitFor( () =>
			expect(
				screen.queryByRole( 'dialog', { name: 'Undo the restore?' } )
			).toBeNull()
		);
	} );

	it( 'offers no undo when the restore took no safety backup', async () => {
		serveSite();
		api.on( 'GET', '/jobs', () => [ restoreJob() ] );
		api.on( 'GET', '/jobs/:id', () =>
			restoreJob( {
				status: 'done',
				result: {
					backup: restored.id,
					safety_backup: null,
					environment: 'production',
					parts: [ 'database' ],
				},
			} )
		);
		renderWithRegistry( <App /> );
		await screen.findByRole( 'status' );
		await poll();
		const notice = await findNotice(
			'Production was restored to the backup of 26 November 2026 at 03:12.'
		);
		expect(
			within( notice.closest( '.notice' ) as HTMLElement ).queryByRole(
				'button',
				{ name: 'Undo' }
			)
		).toBeNull();
	} );
} );
