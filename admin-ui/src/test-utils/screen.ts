/**
 * What the tests of the whole screen share: the fake API behind apiFetch,
 * the site it serves, and ways to find a notice, a region or a row. Each test file still mocks
 * `@wordpress/api-fetch` itself (jest hoists the mock per file).
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';

import type {
	ApiBackup,
	ApiEnvironment,
	ApiSettings,
	ApiStatus,
} from '../api/types';
import { POLL_MILLISECONDS } from '../components/App';
import { createFakeApi, type FakeApi } from './fake-api';
import { environment, settings, siteStatus } from './fixtures';

export const SCREEN_PATH = '/wp-admin/tools.php?page=site-backups';

/**
 * A new fake API answering apiFetch, with the browser on the Backups screen.
 */
export function openScreen(): FakeApi {
	const api = createFakeApi();
	( apiFetch as unknown as jest.Mock ).mockImplementation( api.fetch );
	window.history.replaceState( null, '', SCREEN_PATH );
	return api;
}

interface Site {
	environments?: ApiEnvironment[];
	settings?: ApiSettings;
	backups?: () => ApiBackup[];
	status?: () => ApiStatus;
}

/**
 * Serves a site with no running job: production only, the Pro plan's
 * settings and no backups unless told otherwise.
 *
 * @param api  The fake API.
 * @param site What differs.
 */
export function serveSite( api: FakeApi, site: Site = {} ) {
	api.on(
		'GET',
		'/environments',
		() => site.environments ?? [ environment() ]
	);
	api.on( 'GET', '/settings', () => site.settings ?? settings );
	api.on( 'GET', '/jobs', () => [] );
	api.on( 'GET', '/backups', () => site.backups?.() ?? [] );
	api.on( 'GET', '/status', () => site.status?.() ?? siteStatus() );
}

/**
 * A notice on the screen (not its copy in the screen reader's live region).
 *
 * @param text The notice's text.
 */
export function findNotice( text: string | RegExp ) {
	return waitFor( () => {
		const area = document.querySelector( '.site-backups__notice-area' );
		expect( area ).not.toBeNull();
		return within( area as HTMLElement ).getByText( text );
	} );
}

export function findRegion( name = 'Production backups' ) {
	return screen.findByRole( 'region', { name } );
}

/**
 * The list's row of the backup with this note.
 *
 * @param note The backup's note.
 */
export async function findRow( note: string ) {
	const table = await screen.findByRole( 'table' );
	const row = within( table ).getByText( note ).closest( 'tr' );
	expect( row ).not.toBeNull();
	return row as HTMLElement;
}

/** Lets the screen poll its job once (fake timers). */
export async function poll() {
	await act( async () => {
		jest.advanceTimersByTime( POLL_MILLISECONDS );
	} );
}
