import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { restError, type FakeApi } from '../test-utils/fake-api';
import {
	backup,
	environment,
	job,
	settings,
	siteStatus,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findNotice, openScreen, poll } from '../test-utils/screen';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

let api: FakeApi;

function serveSite( { stagingConfigured = true } = {} ) {
	api.on( 'GET', '/environments', () => [
		environment(),
		environment( {
			name: 'staging',
			label: 'Staging',
			configured: stagingConfigured,
			problem: stagingConfigured
				? ''
				: 'No staging site is configured. Your host can declare one with SITE_BACKUPS_STAGING in wp-config.php.',
			automatic_backups: false,
			next_scheduled: null,
		} ),
	] );
	api.on( 'GET', '/settings', () => settings );
	api.on( 'GET', '/jobs', () => [] );
	api.on( 'GET', '/backups', () => [] );
	api.on( 'GET', '/status', () => siteStatus() );
}

beforeEach( () => {
	api = openScreen();
} );

describe( 'App', () => {
	it( 'shows production with its plan, next automatic backup and empty state', async () => {
		serveSite();
		renderWithRegistry( <App /> );
		const region = await screen.findByRole( 'region', {
			name: 'Production backups',
		} );
		expect(
			await within( region ).findByText(
				'Backups are kept for 60 days on the Pro plan.'
			)
		).toBeInTheDocument();
		expect( region ).toHaveTextContent( 'Next automatic backup:' );
		expect(
			await within( region ).findByText( 'No backups yet' )
		).toBeInTheDocument();
		expect(
			within( region ).getByRole( 'button', {
				name: 'Create a new backup from Production',
			} )
		).toBeEnabled();
		expect( region ).not.toHaveTextContent(
			'do not receive automatic backups'
		);
	} );

	it( 'tells that staging is never backed up automatically and offers the staging button', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'tab', { name: 'Staging' } )
		);
		const region = await screen.findByRole( 'region', {
			name: 'Staging backups',
		} );
		expect( region ).toHaveTextContent(
			'Staging sites do not receive automatic backups'
		);
		expect(
			await within( region ).findByRole( 'button', {
				name: 'Create new backup for staging',
			} )
		).toBeInTheDocument();
		expect( window.location.search ).toBe(
			'?page=site-backups&view=staging'
		);
	} );

	it( 'says how to get a staging site when none is configured', async () => {
		serveSite( { stagingConfigured: false } );
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=site-backups&view=staging'
		);
		renderWithRegistry( <App /> );
		const region = await screen.findByRole( 'region', {
			name: 'Staging backups',
		} );
		expect(
			await within( region ).findByText( /No staging site is configured/ )
		).toBeInTheDocument();
		expect( within( region ).queryByRole( 'button' ) ).toBeNull();
	} );

	it( 'lists recovery points with their type, note and size', async () => {
		serveSite();
		api.on( 'GET', '/backups', () => [
			backup(),
			backup( {
				id: '01m8c24kk64pmvymegwwn0y3ds',
				trigger: 'scheduled',
				note: '',
			} ),
		] );
		renderWithRegistry( <App /> );
		const table = await screen.findByRole( 'table' );
		const rows = within( table ).getAllByRole( 'row' );
		expect( rows ).toHaveLength( 3 );
		expect( rows[ 1 ] ).toHaveTextContent( 'Manual' );
		expect( rows[ 1 ] ).toHaveTextContent( 'Before theme update' );
		expect( rows[ 1 ] ).toHaveTextContent( '50.0 MB' );
		expect( rows[ 2 ] ).toHaveTextContent( 'Automatic' );
	} );

	it( 'creates a backup with a note, shows its progress, and announces the result', async () => {
		jest.useFakeTimers();
		try {
			serveSite();
			let status: 'running' | 'done' = 'running';
			api.on( 'POST', '/backups', () =>
				job( { percent: null } as never )
			);
			api.on( 'GET', '/jobs/:id', () =>
				status === 'running'
					? job()
					: job( { status: 'done', result: { backup: backup().id } } )
			);
			const user = userEvent.setup( {
				advanceTimers: jest.advanceTimersByTime,
			} );
			renderWithRegistry( <App /> );
			await user.type(
				await screen.findByLabelText( 'Note (optional)' ),
				'Before theme update'
			);
			await user.click(
				screen.getByRole( 'button', {
					name: 'Create a new backup from Production',
				} )
			);
			expect( api.calls ).toContainEqual( {
				method: 'POST',
				path: '/backups',
				data: {
					environment: 'production',
					note: 'Before theme update',
				},
			} );
			expect(
				await screen.findByRole( 'progressbar', {
					name: 'Backup progress',
				} )
			).toBeInTheDocument();
			// The live region says the phase; the numbers stay out of it.
			expect( screen.getByRole( 'status' ) ).toHaveTextContent(
				'Backing up production… Backing up files'
			);
			expect(
				screen.getByRole( 'group', { name: /^Backing up production/ } )
			).toHaveTextContent( '40% · 40 of 100 files' );
			expect(
				screen.getByRole( 'button', {
					name: 'Create a new backup from Production',
				} )
			).toHaveAttribute( 'aria-disabled', 'true' );
			expect(
				screen.getByText( 'A backup of this environment is running.' )
			).toBeInTheDocument();

			status = 'done';
			api.on( 'GET', '/backups', () => [ backup() ] );
			await poll();
			expect(
				await findNotice( 'The production backup is complete.' )
			).toBeInTheDocument();
			expect( await screen.findByRole( 'table' ) ).toHaveTextContent(
				'Before theme update'
			);
			expect( screen.queryByRole( 'progressbar' ) ).toBeNull();
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'finds a running backup after a reload and can cancel it', async () => {
		serveSite();
		api.on( 'GET', '/jobs', () => [ job() ] );
		api.on( 'POST', '/jobs/:id/cancel', () => job( { cancelling: true } ) );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'button', { name: 'Cancel backup' } )
		);
		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: `/jobs/${ job().id }/cancel`,
			data: undefined,
		} );
		expect(
			await screen.findByRole( 'button', { name: 'Cancelling…' } )
		).toBeDisabled();
	} );

	it( 'names the job that keeps a backup from starting, and shows it', async () => {
		serveSite();
		api.on( 'POST', '/backups', () => {
			throw restError(
				409,
				'site_backups_job_running',
				'A backup is already running.',
				{ job: job( { environment: 'staging' } ) }
			);
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'button', {
				name: 'Create a new backup from Production',
			} )
		);
		expect(
			await findNotice(
				'A staging backup started at 10:00 am is running.'
			)
		).toBeInTheDocument();
		expect(
			screen.getByText(
				'Another backup is running: one backup runs at a time.'
			)
		).toBeInTheDocument();
	} );

	it( 'shows list errors as readable text', async () => {
		serveSite();
		api.on( 'GET', '/backups', () => {
			throw restError(
				500,
				'site_backups_store_unreadable',
				'The backup store cannot be read.'
			);
		} );
		renderWithRegistry( <App /> );
		expect(
			await screen.findByText( 'The backup store cannot be read.' )
		).toBeInTheDocument();
	} );

	it( 'deletes a backup only after confirmation', async () => {
		serveSite();
		let backups = [ backup() ];
		api.on( 'GET', '/backups', () => backups );
		api.on( 'DELETE', '/backups/:id', () => {
			backups = [];
			return { deleted: true };
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'button', {
				name: /^Delete the backup of/,
			} )
		);
		const dialog = await screen.findByRole( 'dialog', {
			name: 'Delete this backup?',
		} );
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Keep it' } )
		);
		expect( api.calls.some( ( call ) => call.method === 'DELETE' ) ).toBe(
			false
		);

		await user.click(
			screen.getByRole( 'button', { name: /^Delete the backup of/ } )
		);
		await user.click(
			within( await screen.findByRole( 'dialog' ) ).getByRole( 'button', {
				name: 'Delete backup',
			} )
		);
		await waitFor( () =>
			expect( screen.queryByRole( 'table' ) ).toBeNull()
		);
		expect( api.calls ).toContainEqual( {
			method: 'DELETE',
			path: `/backups/${ backup().id }`,
			data: undefined,
		} );
		expect(
			await findNotice( 'The backup was deleted.' )
		).toBeInTheDocument();
	} );

	it( 'shows health warnings with what to do', async () => {
		serveSite();
		api.on( 'GET', '/environments', () => [
			environment( {
				warnings: [
					{
						code: 'cron_disabled',
						message: 'WP-Cron is disabled on this site.',
						fix: 'Add a system cron job that runs: wp cron event run --due-now',
					},
				],
			} ),
		] );
		renderWithRegistry( <App /> );
		expect(
			await screen.findByText( 'WP-Cron is disabled on this site.' )
		).toBeInTheDocument();
		expect(
			screen.getByText( /wp cron event run --due-now/, { selector: 'p' } )
		).toBeInTheDocument();
	} );
} );
