import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiEnvironmentStatus, ApiSettings } from '../api/types';
import { restError, type FakeApi } from '../test-utils/fake-api';
import {
	backupOutcome,
	environment,
	job,
	offsiteSettings,
	settings,
	siteStatus,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { withSiteDate } from '../test-utils/site-date';
import { findNotice, openScreen, poll, serveSite } from '../test-utils/screen';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

let api: FakeApi;

const STANDARD: ApiSettings = {
	...settings,
	plan: {
		name: 'standard',
		label: 'Standard',
		retention_days: 1,
		set_by_host: true,
	},
};

const FAILED_JOB = 'a'.repeat( 32 );

const failedNight = backupOutcome( {
	id: null,
	job_id: FAILED_JOB,
	outcome: 'failed',
	error: 'The disk is full.',
	skipped: null,
} );

const STAGING = environment( {
	name: 'staging',
	label: 'Staging',
	automatic_backups: false,
	next_scheduled: null,
} );

/**
 * The status block of an environment, once its lines are shown.
 *
 * @param name The block's heading.
 */
async function findBlock( name = 'Production at a glance' ) {
	const block = await screen.findByRole( 'region', { name } );
	await within( block ).findByRole( 'list' );
	return block;
}

function lineTexts( block: HTMLElement ): string[] {
	return within( block )
		.getAllByRole( 'listitem' )
		.map( ( item ) => item.textContent ?? '' );
}

function production( overrides: Partial< ApiEnvironmentStatus > ) {
	return () => siteStatus( overrides );
}

beforeEach( () => {
	api = openScreen();
} );

describe( 'The status block', () => {
	withSiteDate( 'Europe/Paris', 'F j, Y', 'g:i a' );

	it( 'is a region named by its heading, at the top of the view, in a list', async () => {
		serveSite( api );
		renderWithRegistry( <App /> );
		const block = await findBlock();
		expect(
			within( block ).getByRole( 'heading', {
				level: 2,
				name: 'Production at a glance',
			} )
		).toBeInTheDocument();
		expect( block.querySelector( 'table' ) ).toBeNull();
		const view = screen.getByRole( 'region', {
			name: 'Production backups',
		} );
		expect( view.firstElementChild ).toBe( block );
	} );

	it( 'tells a site on the Pro plan its last backup, next one and recovery points', async () => {
		serveSite( api, {
			status: production( {
				last_backup: backupOutcome(),
				last_automatic: backupOutcome(),
				recovery_points: 60,
				oldest_recovery_point: '2026-09-28T02:17:00+00:00',
			} ),
		} );
		renderWithRegistry( <App /> );
		const lines = lineTexts( await findBlock() );
		expect( lines[ 0 ] ).toMatch(
			/^Last backup: .+ at 3:19 am, automatic, completed$/
		);
		expect( lines[ 1 ] ).toMatch(
			/^Next automatic backup: .+ at 3:17 am$/
		);
		expect( lines[ 2 ] ).toBe(
			'60 recovery points, the oldest from September 28, 2026'
		);
		expect(
			screen.getByText( 'Backups are kept for 60 days on the Pro plan.' )
		).toBeInTheDocument();
	} );

	it( 'counts one recovery point on the Standard plan', async () => {
		serveSite( api, {
			settings: STANDARD,
			status: production( {
				last_backup: backupOutcome( { skipped: 1 } ),
				last_automatic: backupOutcome(),
				recovery_points: 1,
				oldest_recovery_point: '2026-11-26T02:17:00+00:00',
			} ),
		} );
		renderWithRegistry( <App /> );
		const lines = lineTexts( await findBlock() );
		expect( lines[ 0 ] ).toMatch(
			/, automatic, completed, 1 file skipped$/
		);
		expect( lines ).toContain( '1 recovery point, from November 26, 2026' );
		expect(
			await screen.findByText(
				'Backups are kept for 1 day on the Standard plan.'
			)
		).toBeInTheDocument();
	} );

	it( 'shows a failed night first, in error styling, and opens what happened', async () => {
		serveSite( api, {
			status: production( {
				last_backup: failedNight,
				last_automatic: failedNight,
				automatic_failing: true,
			} ),
		} );
		api.on( 'GET', '/jobs/:id', () =>
			job( {
				id: FAILED_JOB,
				status: 'failed',
				trigger: 'scheduled',
				finished: '2026-11-26T02:19:00+00:00',
				message: 'The backup stopped: The disk is full.',
				log: [
					{
						time: '2026-11-26T02:18:00+00:00',
						level: 'error',
						message: 'No space left on device',
					},
				],
			} )
		);
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const block = await findBlock();
		const [ first ] = within( block ).getAllByRole( 'listitem' );
		if ( ! first ) {
			throw new Error( 'The block has no lines.' );
		}
		expect( first ).toHaveTextContent(
			'Last automatic backup failed: The disk is full.'
		);
		expect( first ).toHaveClass( 'is-error' );

		await user.click(
			within( first ).getByRole( 'button', {
				name: 'See what happened',
			} )
		);
		const dialog = await screen.findByRole( 'dialog', {
			name: 'The failed backup',
		} );
		expect(
			await within( dialog ).findByText(
				'The backup stopped: The disk is full.'
			)
		).toBeInTheDocument();
		expect( dialog ).toHaveTextContent( 'No space left on device' );
		expect( api.calls ).toContainEqual( {
			method: 'GET',
			path: `/jobs/${ FAILED_JOB }`,
			data: undefined,
		} );
	} );

	it( 'says why off-site copies fail', async () => {
		serveSite( api, {
			settings: offsiteSettings( {
				healthy: false,
				message: 'The bucket is full.',
			} ),
			status: production( {
				offsite: {
					state: 'failing',
					set_by_host: false,
					message: 'The bucket is full.',
					failed_at: '2026-11-26T02:20:00+00:00',
					last_copy: null,
				},
			} ),
		} );
		renderWithRegistry( <App /> );
		const offsite = within( await findBlock() ).getByText(
			/^Off-site copies have been failing/
		);
		expect( offsite ).toHaveTextContent(
			'Off-site copies have been failing since November 26, 2026 at 3:20 am: The bucket is full.'
		);
		expect( offsite ).toHaveClass( 'is-error' );
	} );

	it( 'says the host sets off-site copies up, once, without the wp-config.php line', async () => {
		const offsite = {
			state: 'healthy' as const,
			set_by_host: true,
			message: '',
			failed_at: null,
			last_copy: '2026-11-26T02:25:00+00:00',
		};
		serveSite( api, {
			settings: offsiteSettings( { set_by_host: true, saved: null } ),
			status: () => siteStatus( { offsite }, { offsite } ),
		} );
		renderWithRegistry( <App /> );
		const block = await findBlock();
		expect( lineTexts( block ).slice( -2 ) ).toEqual( [
			'Off-site copies are healthy.',
			'Off-site copies are set by your host.',
		] );
		expect(
			screen.getAllByText( /set by your host/i, { exact: false } )
		).toHaveLength( 1 );
		expect( screen.queryByText( /wp-config\.php/ ) ).toBeNull();
	} );

	it( 'says when no backup is made yet, on production and on staging', async () => {
		serveSite( api, { environments: [ environment(), STAGING ] } );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		expect( lineTexts( await findBlock() ).slice( 0, 3 ) ).toEqual( [
			'No backup yet',
			expect.stringMatching( /^Next automatic backup: / ),
			'No recovery points are kept on this server yet.',
		] );

		await user.click( screen.getByRole( 'tab', { name: 'Staging' } ) );
		const staging = await findBlock( 'Staging at a glance' );
		expect( lineTexts( staging ) ).toEqual( [
			'No staging backup yet',
			'Off-site copies are not set up: backups are kept on this server only.',
		] );
		expect( staging ).not.toHaveTextContent( 'Next automatic backup' );
	} );

	it( 'tells staging its last manual backup, and no schedule', async () => {
		serveSite( api, {
			environments: [ environment(), STAGING ],
			status: () =>
				siteStatus(
					{},
					{
						last_backup: backupOutcome( { trigger: 'manual' } ),
						last_manual: new Date(
							Date.now() - 3 * 86400000
						).toISOString(),
						recovery_points: 1,
						oldest_recovery_point: '2026-11-26T02:17:00+00:00',
					}
				),
		} );
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=site-backups&view=staging'
		);
		renderWithRegistry( <App /> );
		const staging = await findBlock( 'Staging at a glance' );
		expect( lineTexts( staging ) ).toContain(
			'Last manual backup: 3 days ago'
		);
		expect( staging ).not.toHaveTextContent( 'Next automatic backup' );
	} );

	it( 'is not shown for a staging site that is not set up', async () => {
		serveSite( api, {
			environments: [
				environment(),
				{
					...STAGING,
					configured: false,
					problem: 'No staging site is configured.',
				},
			],
		} );
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=site-backups&view=staging'
		);
		renderWithRegistry( <App /> );
		const view = await screen.findByRole( 'region', {
			name: 'Staging backups',
		} );
		expect(
			await within( view ).findByText( 'No staging site is configured.' )
		).toBeInTheDocument();
		expect(
			screen.queryByRole( 'region', { name: 'Staging at a glance' } )
		).toBeNull();
	} );

	it( 'asks again when a backup ends, as the list does', async () => {
		jest.useFakeTimers();
		try {
			let status = siteStatus();
			serveSite( api, { status: () => status } );
			let polled = job();
			api.on( 'GET', '/jobs', () => [ polled ] );
			api.on( 'GET', '/jobs/:id', () => polled );
			renderWithRegistry( <App /> );
			expect( lineTexts( await findBlock() )[ 0 ] ).toBe(
				'No backup yet'
			);

			polled = { ...polled, status: 'done' };
			status = siteStatus( {
				last_backup: backupOutcome( { trigger: 'manual' } ),
				recovery_points: 1,
				oldest_recovery_point: '2026-11-26T02:17:00+00:00',
			} );
			await poll();
			// The admin is told once what the screen shows is read again.
			await findNotice( /^The production backup/ );
			expect(
				within( await findBlock() ).getByText(
					'1 recovery point, from November 26, 2026'
				)
			).toBeInTheDocument();
			expect(
				api.calls.filter( ( call ) => call.path === '/status' )
			).toHaveLength( 2 );
		} finally {
			jest.useRealTimers();
		}
	} );

	it( 'says why it could not be read, and reads it again on Retry', async () => {
		serveSite( api );
		let answer: () => unknown = () => {
			throw restError(
				500,
				'site_backups_store_error',
				'The store is gone.'
			);
		};
		api.on( 'GET', '/status', () => answer() );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const block = await screen.findByRole( 'region', {
			name: 'Production at a glance',
		} );
		expect( await within( block ).findByRole( 'alert' ) ).toHaveTextContent(
			'The store is gone.'
		);
		answer = () => siteStatus();
		await user.click(
			within( block ).getByRole( 'button', { name: 'Retry' } )
		);
		expect(
			await within( block ).findByText( 'No backup yet' )
		).toBeInTheDocument();
		expect( within( block ).queryByRole( 'alert' ) ).toBeNull();
	} );
} );
