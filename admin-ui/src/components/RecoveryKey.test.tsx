import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { store as noticesStore } from '@wordpress/notices';

import type { ApiRecoveryKeyStatus, ApiSettings } from '../api/types';
import { STORE_NAME } from '../store';
import { restError, type FakeApi } from '../test-utils/fake-api';
import {
	backup,
	decided,
	offsiteSettings,
	savedOffsite,
	settings,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import {
	findNotice,
	findRegion,
	findRow,
	openScreen,
	serveSite,
} from '../test-utils/screen';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const KEY = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';
const ASK =
	'Save your recovery key: without it, backups in the bucket cannot be restored on a new server';

let api: FakeApi;
let status: ApiRecoveryKeyStatus;

function serve( siteSettings: ApiSettings ) {
	serveSite( api, { settings: siteSettings } );
	api.on( 'GET', '/settings/recovery-key', () => status );
}

function calls( method: string, path: string ) {
	return api.calls.filter(
		( call ) => call.method === method && call.path === path
	);
}

/**
 * Everything the screen's store and the notices store hold, as text.
 *
 * @param registry The registry the screen was rendered with.
 */
function storedText( registry: unknown ): string {
	const { stores } = registry as {
		stores: Record< string, { store: { getState: () => unknown } } >;
	};
	return JSON.stringify(
		[ STORE_NAME, noticesStore.name ].map( ( name ) =>
			stores[ name ]?.store.getState()
		)
	);
}

beforeEach( () => {
	api = openScreen();
	status = { source: 'saved', shown: false };
} );

describe( 'The recovery key notice', () => {
	it( 'asks to save the key once copies are set up, and shows it once', async () => {
		serve( offsiteSettings() );
		api.on( 'POST', '/settings/recovery-key/reveal', () => {
			status = { source: 'saved', shown: true };
			return { key: KEY, ...status };
		} );
		const user = userEvent.setup();
		const { registry, unmount } = renderWithRegistry( <App /> );

		const ask = await screen.findByText( ASK );
		expect( screen.queryByText( KEY ) ).toBeNull();
		await user.click(
			screen.getByRole( 'button', { name: 'Show the recovery key' } )
		);
		expect( await screen.findByText( KEY ) ).toHaveClass(
			'site-backups__recovery-key'
		);
		expect( ask ).not.toBeInTheDocument();
		expect( calls( 'POST', '/settings/recovery-key/reveal' ) ).toHaveLength(
			1
		);
		expect( storedText( registry ) ).not.toContain( KEY );

		await user.click(
			screen.getByRole( 'button', { name: 'I have saved it' } )
		);
		expect( screen.queryByText( KEY ) ).toBeNull();
		expect( screen.queryByText( ASK ) ).toBeNull();

		// The next visit: the server says it was shown.
		unmount();
		renderWithRegistry( <App /> );
		await findRegion();
		await waitFor( () =>
			expect( calls( 'GET', '/settings/recovery-key' ) ).toHaveLength( 2 )
		);
		expect( screen.queryByText( ASK ) ).toBeNull();
		expect( calls( 'POST', '/settings/recovery-key/reveal' ) ).toHaveLength(
			1
		);
	} );

	it( 'asks also before the key exists: revealing makes it', async () => {
		status = { source: 'none', shown: false };
		serve( offsiteSettings( { set_by_host: true, saved: null } ) );
		renderWithRegistry( <App /> );
		expect( await screen.findByText( ASK ) ).toBeInTheDocument();
	} );

	it( 'asks nothing when the host set the key, or it was shown, or copies are off', async () => {
		status = { source: 'wp-config', shown: true };
		serve( offsiteSettings() );
		const { unmount } = renderWithRegistry( <App /> );
		await waitFor( () =>
			expect( calls( 'GET', '/settings/recovery-key' ) ).toHaveLength( 1 )
		);
		expect( screen.queryByText( ASK ) ).toBeNull();
		unmount();

		status = { source: 'saved', shown: true };
		const second = renderWithRegistry( <App /> );
		await waitFor( () =>
			expect( calls( 'GET', '/settings/recovery-key' ) ).toHaveLength( 2 )
		);
		expect( screen.queryByText( ASK ) ).toBeNull();
		second.unmount();

		status = { source: 'saved', shown: false };
		serve( settings );
		renderWithRegistry( <App /> );
		await findRegion();
		await act( async () => {} );
		expect( calls( 'GET', '/settings/recovery-key' ) ).toHaveLength( 2 );
		expect( screen.queryByText( ASK ) ).toBeNull();
	} );

	it( 'says why when the key was shown elsewhere meanwhile, and shows no key', async () => {
		serve( offsiteSettings() );
		api.on( 'POST', '/settings/recovery-key/reveal', () => {
			throw restError(
				409,
				'site_backups_recovery_key_shown',
				'The recovery key was shown once already and is not shown again.'
			);
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			await screen.findByRole( 'button', {
				name: 'Show the recovery key',
			} )
		);
		const refused = await screen.findByText(
			'The recovery key was shown once already and is not shown again.',
			{ selector: '.notice p' }
		);
		expect( refused.closest( '.notice' ) ).toHaveClass( 'notice-error' );
		expect( screen.queryByText( ASK, { selector: 'strong' } ) ).toBeNull();
		expect(
			screen.queryByRole( 'button', { name: 'I have saved it' } )
		).toBeNull();
	} );
} );

describe( 'The recovery key field of the off-site settings', () => {
	const remote = backup( {
		id: '01m8c24kk64pmvymegwwn0y3d4',
		note: 'Made on the old server',
		locations: [ 'offsite' ],
		verified: false,
		verification: 'signed with another recovery key',
	} );

	async function openDialog() {
		const user = userEvent.setup();
		const rendered = renderWithRegistry( <App /> );
		// Before the dialog hides the list from the accessibility tree.
		expect(
			within( await findRow( 'Made on the old server' ) ).getByText(
				'Not verified: signed with another recovery key'
			)
		).toBeInTheDocument();
		await user.click(
			await within( await findRegion() ).findByRole( 'button', {
				name: 'Change off-site settings',
			} )
		);
		const dialog = await screen.findByRole( 'dialog' );
		const field = within( dialog ).getByLabelText(
			'Recovery key'
		) as HTMLInputElement;
		return { user, dialog, field, ...rendered };
	}

	beforeEach( () => {
		status = { source: 'none', shown: false };
		let listed = remote;
		serveSite( api, {
			settings: offsiteSettings( {
				set_by_host: false,
				saved: savedOffsite(),
			} ),
			backups: () => [ listed ],
		} );
		// A new object at each load, as the server sends.
		api.on( 'GET', '/settings', () =>
			offsiteSettings( { set_by_host: false, saved: savedOffsite() } )
		);
		api.on( 'GET', '/settings/recovery-key', () => status );
		api.on( 'POST', '/settings/recovery-key', () => {
			status = { source: 'saved', shown: true };
			listed = decided( {
				...remote,
				verified: true,
				verification: null,
			} );
			return status;
		} );
		api.on( 'POST', '/settings/offsite', () => ( {} ) );
	} );

	it( 'sets the old server’s key before the settings, then lists its backups as verified', async () => {
		const { user, dialog, field, registry } = await openDialog();
		expect( screen.getByText( ASK ) ).toBeInTheDocument();
		expect( field ).toHaveValue( '' );
		await user.type( field, ` ${ KEY } ` );
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Save' } )
		);

		await findNotice(
			'The recovery key and the off-site settings were saved.'
		);
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		const posts = api.calls.filter( ( call ) => call.method === 'POST' );
		expect( posts.map( ( call ) => call.path ) ).toEqual( [
			'/settings/recovery-key',
			'/settings/offsite',
		] );
		expect( posts[ 0 ]?.data ).toEqual( { key: KEY } );
		expect( JSON.stringify( posts[ 1 ]?.data ) ).not.toContain( KEY );
		await waitFor( () =>
			expect(
				within( screen.getByRole( 'table' ) ).queryByText(
					/Not verified/
				)
			).toBeNull()
		);
		await waitFor( () => expect( screen.queryByText( ASK ) ).toBeNull() );
		expect( storedText( registry ) ).not.toContain( KEY );
	} );

	it( 'takes a key only as it was shown', async () => {
		const { user, dialog, field } = await openDialog();
		await user.type( field, 'not-a-key' );
		const save = within( dialog ).getByRole( 'button', { name: 'Save' } );
		expect( save ).toHaveAccessibleDescription(
			'Enter the recovery key as it was shown: 44 characters ending in "=", or leave it empty.'
		);
		await user.click( save );
		expect( api.calls.some( ( call ) => call.method === 'POST' ) ).toBe(
			false
		);
	} );

	it( 'keeps the dialog and saves nothing else when the server refuses the key', async () => {
		api.on( 'POST', '/settings/recovery-key', () => {
			throw restError(
				409,
				'site_backups_recovery_key_set_by_host',
				'The recovery key is set by the host (SITE_BACKUPS_RECOVERY_KEY in wp-config.php), so it cannot be changed or shown here.'
			);
		} );
		const { user, dialog, field } = await openDialog();
		await user.type( field, KEY );
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Save' } )
		);
		expect(
			await within( dialog ).findByText( /set by the host/ )
		).toBeInTheDocument();
		expect( field ).toHaveValue( KEY );
		expect( calls( 'POST', '/settings/offsite' ) ).toEqual( [] );
	} );

	it( 'sends no key when the field is left empty', async () => {
		const { user, dialog } = await openDialog();
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Save' } )
		);
		await findNotice( 'The off-site settings were saved.' );
		expect( calls( 'POST', '/settings/recovery-key' ) ).toEqual( [] );
	} );
} );
