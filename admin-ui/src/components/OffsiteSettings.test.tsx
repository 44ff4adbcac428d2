import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { store as noticesStore } from '@wordpress/notices';

import type { ApiSettings } from '../api/types';
import { STORE_NAME } from '../store';
import { restError, type FakeApi } from '../test-utils/fake-api';
import {
	offsiteSettings,
	savedOffsite,
	settings,
	siteStatus,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import {
	findNotice,
	findRegion,
	openScreen,
	serveSite as serveSiteWith,
} from '../test-utils/screen';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

type User = ReturnType< typeof userEvent.setup >;

const ACCESS_KEY = 'AKIAEXAMPLEWXYZ';
const SECRET = 'wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY';
const ENCRYPTION_KEY = 'q5bM0J3nVb0r8m2x9vJ6cTq4XzH1sL7pW2yR8kD3fGs=';
const WARNING =
	'Keep a copy of this key away from this server: without it the off-site copies cannot be read.';

let api: FakeApi;

function notSetUp(): ApiSettings {
	return offsiteSettings( {
		configured: false,
		encrypted: false,
		destination: '',
		healthy: null,
		last_copy: null,
		set_by_host: false,
		saved: null,
	} );
}

function setUpByAdmin(): ApiSettings {
	return offsiteSettings( { set_by_host: false, saved: savedOffsite() } );
}

/**
 * The status while the host sets off-site copies up and they work.
 */
function hostStatus() {
	const offsite = {
		state: 'healthy' as const,
		set_by_host: true,
		message: '',
		failed_at: null,
		last_copy: null,
	};
	return siteStatus( { offsite }, { offsite } );
}

function serveSite( siteSettings: ApiSettings ) {
	serveSiteWith( api, { settings: siteSettings } );
}

/**
 * Renders the screen and opens the off-site dialog with the button named.
 *
 * @param button The button's name.
 */
async function openOnScreen( button: string ) {
	const user = userEvent.setup();
	const { registry } = renderWithRegistry( <App /> );
	const dialog = await openDialog( user, button );
	return { user, registry, dialog };
}

async function openDialog( user: User, button: string ) {
	await user.click(
		await within( await findRegion() ).findByRole( 'button', {
			name: button,
		} )
	);
	return screen.findByRole( 'dialog' );
}

function field( dialog: HTMLElement, label: string ) {
	return within( dialog ).getByLabelText( label ) as HTMLInputElement;
}

async function fillNewSettings( user: User, dialog: HTMLElement ) {
	await user.type(
		field( dialog, 'Endpoint URL' ),
		'https://s3.eu-central-1.amazonaws.com'
	);
	await user.clear( field( dialog, 'Region' ) );
	await user.type( field( dialog, 'Region' ), 'eu-central-1' );
	await user.type( field( dialog, 'Bucket' ), 'shop-backups' );
	await user.type( field( dialog, 'Access key' ), ACCESS_KEY );
	await user.type( field( dialog, 'Secret key' ), SECRET );
}

function saveButton( dialog: HTMLElement ) {
	return within( dialog ).getByRole( 'button', { name: 'Save' } );
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
} );

describe( 'Off-site settings by an administrator', () => {
	it( 'offers no form when the host set them, and says so', async () => {
		serveSite( offsiteSettings( { set_by_host: true, saved: null } ) );
		api.on( 'GET', '/status', () => hostStatus() );
		renderWithRegistry( <App /> );
		const region = await findRegion();
		expect(
			await within( region ).findByText(
				'Off-site copies are set by your host.'
			)
		).toBeInTheDocument();
		expect(
			within( region ).queryByRole( 'button', {
				name: /off-site (copies|settings)$/,
			} )
		).toBeNull();
	} );

	it( 'offers nothing on a server that cannot save them', async () => {
		serveSite( settings );
		renderWithRegistry( <App /> );
		const region = await findRegion();
		await within( region ).findByText( 'Off-site copies are not set up.' );
		expect(
			within( region ).queryByRole( 'button', {
				name: 'Set up off-site copies',
			} )
		).toBeNull();
		expect( region ).not.toHaveTextContent( 'Set by your host' );
	} );

	it( 'asks for the endpoint, bucket and keys before it can save', async () => {
		serveSite( notSetUp() );
		const { user, dialog } = await openOnScreen( 'Set up off-site copies' );
		expect( dialog ).toHaveAccessibleName( 'Set up off-site copies' );
		expect( field( dialog, 'Region' ) ).toHaveValue( 'us-east-1' );
		expect( field( dialog, 'Secret key' ) ).toHaveAttribute(
			'type',
			'password'
		);
		expect( field( dialog, 'Endpoint URL' ) ).toBeRequired();
		expect( field( dialog, 'Bucket' ) ).toBeRequired();
		expect( dialog ).toHaveTextContent(
			"Empty: this site's host name, so several sites can share a bucket."
		);
		expect( dialog ).toHaveTextContent(
			'Empty: as long as the Pro plan keeps backups (60 days).'
		);
		expect(
			within( dialog ).queryByRole( 'button', {
				name: 'Turn off off-site copies',
			} )
		).toBeNull();

		const save = saveButton( dialog );
		expect( save ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( save ).toHaveAccessibleDescription( 'Enter the endpoint URL.' );
		await user.type(
			field( dialog, 'Endpoint URL' ),
			'https://s3.example.test'
		);
		expect( save ).toHaveAccessibleDescription( 'Enter the bucket.' );
		await user.type( field( dialog, 'Bucket' ), 'shop-backups' );
		expect( save ).toHaveAccessibleDescription( 'Enter the access key.' );
		await user.type( field( dialog, 'Access key' ), ACCESS_KEY );
		expect( save ).toHaveAccessibleDescription( 'Enter the secret key.' );
		await user.type( field( dialog, 'Secret key' ), SECRET );
		await user.type(
			field( dialog, 'Keep local copies for (days, optional)' ),
			'0'
		);
		expect( save ).toHaveAccessibleDescription(
			/whole number of 1 or more/
		);
		await user.click( save );
		expect( api.calls.some( ( call ) => call.method === 'POST' ) ).toBe(
			false
		);
		await user.clear(
			field( dialog, 'Keep local copies for (days, optional)' )
		);
		expect( save ).toBeEnabled();
		expect( save ).not.toHaveAttribute( 'aria-disabled' );
	} );

	it( 'generates a 32-byte key, shows it in clear and warns to keep a copy', async () => {
		serveSite( notSetUp() );
		const { user, dialog } = await openOnScreen( 'Set up off-site copies' );
		const key = field( dialog, 'Encryption key (optional)' );
		expect( dialog ).not.toHaveTextContent( WARNING );

		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Generate a key' } )
		);
		expect( key ).toHaveAttribute( 'type', 'text' );
		expect( key.value ).toMatch( /^[A-Za-z0-9+/]{43}=$/ );
		expect( window.atob( key.value ) ).toHaveLength( 32 );
		expect( dialog ).toHaveTextContent( WARNING );

		const first = key.value;
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Generate a key' } )
		);
		expect( key.value ).toHaveLength( 44 );
		expect( key.value ).not.toBe( first );
	} );

	it( 'saves the exact settings typed, closes, says so and keeps no secret', async () => {
		serveSite( notSetUp() );
		api.on( 'POST', '/settings/offsite', () => {
			const saved = setUpByAdmin();
			api.on( 'GET', '/settings', () => saved );
			return saved.offsite;
		} );
		const { user, registry, dialog } = await openOnScreen(
			'Set up off-site copies'
		);
		await fillNewSettings( user, dialog );
		await user.type(
			field( dialog, 'Encryption key (optional)' ),
			ENCRYPTION_KEY
		);
		expect( dialog ).toHaveTextContent( WARNING );
		await user.type(
			field( dialog, 'Keep local copies for (days, optional)' ),
			'14'
		);
		await user.click( saveButton( dialog ) );

		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: '/settings/offsite',
			data: {
				endpoint: 'https://s3.eu-central-1.amazonaws.com',
				region: 'eu-central-1',
				bucket: 'shop-backups',
				prefix: '',
				access_key: ACCESS_KEY,
				secret: SECRET,
				encryption_key: ENCRYPTION_KEY,
				keep_local_days: 14,
			},
		} );
		expect(
			await findNotice( 'The off-site settings were saved.' )
		).toBeInTheDocument();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		const region = await findRegion();
		expect(
			await within( region ).findByRole( 'button', {
				name: 'Change off-site settings',
			} )
		).toBeInTheDocument();
		expect( region ).toHaveTextContent( 'Off-site copies: on, encrypted' );

		const stored = storedText( registry );
		expect( stored ).toContain( 'shop-backups' );
		expect( stored ).toContain( 'The off-site settings were saved.' );
		expect( stored ).not.toContain( SECRET );
		expect( stored ).not.toContain( ACCESS_KEY );
		expect( stored ).not.toContain( ENCRYPTION_KEY );
	} );

	it( 'shows the save as busy while the server tries the bucket', async () => {
		serveSite( notSetUp() );
		let answer: ( value: unknown ) => void = () => undefined;
		api.on(
			'POST',
			'/settings/offsite',
			() => new Promise( ( resolve ) => ( answer = resolve ) )
		);
		const { user, dialog } = await openOnScreen( 'Set up off-site copies' );
		await fillNewSettings( user, dialog );
		await user.click( saveButton( dialog ) );
		const save = saveButton( dialog );
		expect( save ).toHaveClass( 'is-busy' );
		expect( save ).toHaveAttribute( 'aria-disabled', 'true' );
		expect(
			within( dialog ).getByRole( 'button', { name: 'Cancel' } )
		).toBeDisabled();
		expect( dialog ).toHaveTextContent(
			'Checking that this server can reach the bucket…'
		);
		await user.click( save );
		expect(
			api.calls.filter( ( call ) => call.method === 'POST' )
		).toHaveLength( 1 );
		answer( setUpByAdmin().offsite );
		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).toBeNull()
		);
	} );

	it( 'keeps the dialog and what was typed when the server refuses, with its reason', async () => {
		serveSite( notSetUp() );
		api.on( 'POST', '/settings/offsite', () => {
			throw restError(
				400,
				'site_backups_offsite_unreachable',
				'The bucket "shop-backups" does not exist at https://s3.eu-central-1.amazonaws.com.'
			);
		} );
		const { user, registry, dialog } = await openOnScreen(
			'Set up off-site copies'
		);
		await fillNewSettings( user, dialog );
		await user.click( saveButton( dialog ) );

		const reason = await within( dialog ).findByText(
			'The bucket "shop-backups" does not exist at https://s3.eu-central-1.amazonaws.com.'
		);
		expect( reason.closest( '.notice' ) ).toHaveClass( 'notice-error' );
		expect( screen.getByRole( 'dialog' ) ).toBe( dialog );
		expect( field( dialog, 'Endpoint URL' ) ).toHaveValue(
			'https://s3.eu-central-1.amazonaws.com'
		);
		expect( field( dialog, 'Bucket' ) ).toHaveValue( 'shop-backups' );
		expect( field( dialog, 'Access key' ) ).toHaveValue( ACCESS_KEY );
		expect( field( dialog, 'Secret key' ) ).toHaveValue( SECRET );
		expect( saveButton( dialog ) ).toBeEnabled();
		expect( storedText( registry ) ).not.toContain( SECRET );
	} );

	it( 'keeps the saved keys when their fields are left empty, and says so', async () => {
		serveSite( setUpByAdmin() );
		api.on( 'POST', '/settings/offsite', () => setUpByAdmin().offsite );
		const { user, dialog } = await openOnScreen(
			'Change off-site settings'
		);
		expect( dialog ).toHaveAccessibleName( 'Off-site settings' );
		expect( field( dialog, 'Endpoint URL' ) ).toHaveValue(
			'https://s3.eu-central-1.amazonaws.com'
		);
		expect( field( dialog, 'Path prefix (optional)' ) ).toHaveValue(
			'shop.example'
		);
		expect(
			field( dialog, 'Keep local copies for (days, optional)' )
		).toHaveValue( 7 );
		expect( field( dialog, 'Access key' ) ).toHaveAttribute(
			'placeholder',
			'Leave empty to keep the saved access key (…WXYZ)'
		);
		expect( field( dialog, 'Secret key' ) ).toHaveAttribute(
			'placeholder',
			'Leave empty to keep the saved secret'
		);
		expect( field( dialog, 'Encryption key (optional)' ) ).toHaveAttribute(
			'placeholder',
			'Leave empty to keep the saved encryption key'
		);
		expect( field( dialog, 'Secret key' ) ).toHaveValue( '' );
		expect( field( dialog, 'Secret key' ) ).not.toBeRequired();

		await user.clear( field( dialog, 'Bucket' ) );
		await user.type( field( dialog, 'Bucket' ), 'shop-backups-2' );
		await user.click( saveButton( dialog ) );
		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: '/settings/offsite',
			data: {
				endpoint: 'https://s3.eu-central-1.amazonaws.com',
				region: 'eu-central-1',
				bucket: 'shop-backups-2',
				prefix: 'shop.example',
				access_key: '',
				secret: '',
				encryption_key: '',
				keep_local_days: 7,
			},
		} );
		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).toBeNull()
		);
	} );

	it( 'forgets the keys typed when the dialog is cancelled', async () => {
		serveSite( notSetUp() );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		let dialog = await openDialog( user, 'Set up off-site copies' );
		await user.type( field( dialog, 'Secret key' ), SECRET );
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Cancel' } )
		);
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		dialog = await openDialog( user, 'Set up off-site copies' );
		expect( field( dialog, 'Secret key' ) ).toHaveValue( '' );
	} );

	it( 'turns off-site copies off only after confirmation', async () => {
		serveSite( setUpByAdmin() );
		api.on( 'DELETE', '/settings/offsite', () => {
			const off = notSetUp();
			api.on( 'GET', '/settings', () => off );
			return off.offsite;
		} );
		const { user, dialog } = await openOnScreen(
			'Change off-site settings'
		);
		const turnOff = () =>
			within( dialog ).getByRole( 'button', {
				name: 'Turn off off-site copies',
			} );

		await user.click( turnOff() );
		expect( dialog ).toHaveAccessibleName( 'Turn off off-site copies?' );
		expect( dialog ).toHaveTextContent(
			'New backups will no longer be copied off-site. The copies already in the bucket stay there.'
		);
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Keep them on' } )
		);
		expect( field( dialog, 'Bucket' ) ).toHaveValue( 'shop-backups' );
		expect( api.calls.some( ( call ) => call.method === 'DELETE' ) ).toBe(
			false
		);

		await user.click( turnOff() );
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Turn off' } )
		);
		expect( api.calls ).toContainEqual( {
			method: 'DELETE',
			path: '/settings/offsite',
			data: undefined,
		} );
		expect(
			await findNotice(
				'Off-site copies are turned off. The copies already in the bucket were kept.'
			)
		).toBeInTheDocument();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect(
			await within( await findRegion() ).findByRole( 'button', {
				name: 'Set up off-site copies',
			} )
		).toBeInTheDocument();
	} );

	it( 'closes and shows the host’s settings when the host set them meanwhile', async () => {
		serveSite( notSetUp() );
		api.on( 'POST', '/settings/offsite', () => {
			api.on( 'GET', '/settings', () =>
				offsiteSettings( { set_by_host: true, saved: null } )
			);
			api.on( 'GET', '/status', () => hostStatus() );
			throw restError(
				409,
				'site_backups_offsite_set_by_host',
				'Off-site copies are set in wp-config.php by your host.'
			);
		} );
		const { user, dialog } = await openOnScreen( 'Set up off-site copies' );
		await fillNewSettings( user, dialog );
		await user.click( saveButton( dialog ) );
		expect(
			await findNotice(
				'Off-site copies are set in wp-config.php by your host.'
			)
		).toBeInTheDocument();
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect(
			await within( await findRegion() ).findByText(
				'Off-site copies are set by your host.'
			)
		).toBeInTheDocument();
	} );
} );
