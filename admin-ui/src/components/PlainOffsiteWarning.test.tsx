import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiSettings } from '../api/types';
import type { FakeApi } from '../test-utils/fake-api';
import { offsiteSettings, savedOffsite } from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import {
	findRegion,
	openScreen,
	serveSite as serveSiteWith,
} from '../test-utils/screen';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const WARNING =
	"Off-site copies are not encrypted: the database password and all of the site's data are readable by anyone who can read the bucket.";
const ADMIN_FIX =
	'Turn encryption on in the off-site settings: keep a copy of the key away from this server, and choose a new prefix or another bucket, since the copies already there are not encrypted.';
const HOST_FIX =
	"Ask your host to turn encryption on: 'encryption_key' in SITE_BACKUPS_OFFSITE in wp-config.php (32 random bytes, base64: openssl rand -base64 32), with a new 'prefix' or another bucket, since the copies already there are not encrypted.";

let api: FakeApi;

function plain( setByHost: boolean ): ApiSettings {
	return offsiteSettings( {
		encrypted: false,
		set_by_host: setByHost,
		saved: setByHost ? null : savedOffsite(),
		warning: WARNING,
		warning_fix: setByHost ? HOST_FIX : ADMIN_FIX,
	} );
}

beforeEach( () => {
	api = openScreen();
} );

describe( 'Off-site copies that are not encrypted', () => {
	it( 'say so and open the settings with a new encryption key in place', async () => {
		serveSiteWith( api, { settings: plain( false ) } );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const region = await findRegion();

		const warning = await within( region ).findByText( WARNING );
		expect( warning.closest( '.notice' ) ).toHaveClass( 'notice-warning' );
		expect( region ).toHaveTextContent( ADMIN_FIX );
		await user.click(
			within( region ).getByRole( 'button', {
				name: 'Turn on encryption',
			} )
		);

		const dialog = await screen.findByRole( 'dialog' );
		expect( dialog ).toHaveAccessibleName( 'Off-site settings' );
		const key = within( dialog ).getByLabelText(
			'Encryption key (optional)'
		) as HTMLInputElement;
		expect( key.value ).toMatch( /^[A-Za-z0-9+/]{43}=$/ );
		expect( dialog ).toHaveTextContent(
			'Keep a copy of this key away from this server'
		);
		expect(
			within( dialog ).getByLabelText( 'Bucket' ) as HTMLInputElement
		).toHaveValue( savedOffsite().bucket );
	} );

	it( 'say what the host sets when the host set them up, with no button', async () => {
		serveSiteWith( api, { settings: plain( true ) } );
		renderWithRegistry( <App /> );
		const region = await findRegion();

		await within( region ).findByText( WARNING );
		expect( region ).toHaveTextContent( HOST_FIX );
		expect(
			within( region ).queryByRole( 'button', {
				name: 'Turn on encryption',
			} )
		).toBeNull();
	} );

	it( 'are not warned about once they are encrypted', async () => {
		serveSiteWith( api, {
			settings: offsiteSettings( {
				set_by_host: false,
				saved: savedOffsite(),
			} ),
		} );
		renderWithRegistry( <App /> );
		const region = await findRegion();

		await within( region ).findByText( /Off-site copies: on, encrypted/ );
		expect( region ).not.toHaveTextContent( 'not encrypted' );
		expect(
			within( region ).queryByRole( 'button', {
				name: 'Turn on encryption',
			} )
		).toBeNull();
	} );
} );
