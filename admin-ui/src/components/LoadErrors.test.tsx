import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { restError, type FakeApi } from '../test-utils/fake-api';
import { backup, environment } from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findRegion, openScreen, serveSite } from '../test-utils/screen';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const LOGIN = 'http://localhost:8888/wp-login.php';
const LOGGED_OUT = 'You are no longer logged in.';
const API_DOWN = /^The site's REST API did not answer\./;
const APIFETCH_WORDS = 'The response is not a valid JSON response.';

let api: FakeApi;

/** What apiFetch rejects with when an answer is not JSON (a PHP fatal error's page). */
const notJson = () => ( { code: 'invalid_json', message: APIFETCH_WORDS } );

/**
 * What apiFetch rejects with for a request it does not parse (the paged
 * list) when the server answers an error page: the response itself.
 */
const errorPage = () => ( {
	status: 500,
	url: 'http://localhost:8888/wp-json/site-backups/v1/backups',
	json: () => Promise.reject( new SyntaxError( 'Unexpected token <' ) ),
} );

async function findListAlert() {
	const region = await findRegion();
	return within( region ).findByRole( 'alert' );
}

beforeEach( () => {
	api = openScreen();
	window.siteBackupsAdmin = { ...window.siteBackupsAdmin, loginUrl: LOGIN };
} );

afterEach( () => {
	delete window.siteBackupsAdmin?.loginUrl;
} );

describe( 'When the list cannot be read', () => {
	it( 'says why and reads it again on Retry', async () => {
		serveSite( api );
		let answer: () => unknown = () => {
			throw restError(
				500,
				'site_backups_store_error',
				'The backup store could not be read or written: busy'
			);
		};
		api.on( 'GET', '/backups', () => answer() );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const alert = await findListAlert();
		expect( alert ).toHaveTextContent(
			'The backup store could not be read or written: busy'
		);

		answer = () => [ backup( { note: 'Back again' } ) ];
		await user.click(
			within( alert ).getByRole( 'button', { name: 'Retry' } )
		);
		expect(
			await within( await findRegion() ).findByText( 'Back again' )
		).toBeInTheDocument();
		expect(
			within( await findRegion() ).queryByRole( 'alert' )
		).toBeNull();
		expect(
			api.calls.filter( ( call ) => call.path === '/backups' )
		).toHaveLength( 2 );
	} );

	it( 'says the login has ended and links to the login page, back to this screen', async () => {
		serveSite( api );
		api.on( 'GET', '/backups', () => {
			throw restError(
				401,
				'rest_not_logged_in',
				'You are not currently logged in.'
			);
		} );
		renderWithRegistry( <App /> );
		const alert = await findListAlert();
		expect( alert ).toHaveTextContent( LOGGED_OUT );
		expect(
			within( alert ).getByRole( 'link', { name: 'Log in again' } )
		).toHaveAttribute(
			'href',
			`${ LOGIN }?redirect_to=${ encodeURIComponent( window.location.href ) }`
		);
		expect( within( alert ).queryByRole( 'button' ) ).toBeNull();
	} );

	it( 'says the same when the nonce has expired', async () => {
		serveSite( api );
		api.on( 'GET', '/environments', () => {
			throw restError(
				403,
				'rest_cookie_invalid_nonce',
				'Cookie check failed'
			);
		} );
		renderWithRegistry( <App /> );
		const alert = await screen.findByRole( 'alert' );
		expect( alert ).toHaveTextContent( LOGGED_OUT );
		expect( alert ).not.toHaveTextContent( 'Cookie check failed' );
		expect(
			within( alert ).getByRole( 'link', { name: 'Log in again' } )
		).toHaveAttribute( 'href', expect.stringContaining( 'redirect_to=' ) );
	} );

	it( 'says the REST API did not answer when the list is an error page', async () => {
		serveSite( api );
		api.on( 'GET', '/backups', () => {
			throw errorPage();
		} );
		renderWithRegistry( <App /> );
		const alert = await findListAlert();
		expect( alert ).toHaveTextContent( API_DOWN );
		expect( alert ).not.toHaveTextContent( 'Unexpected token' );
		expect(
			within( alert ).getByRole( 'button', { name: 'Retry' } )
		).toBeInTheDocument();
	} );

	it( 'says it in words when an answer is not JSON, and reads the environments again on Retry', async () => {
		serveSite( api );
		let down = true;
		api.on( 'GET', '/environments', () => {
			if ( down ) {
				throw notJson();
			}
			return [ environment() ];
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const alert = await screen.findByRole( 'alert' );
		expect( alert ).toHaveTextContent( API_DOWN );
		expect( screen.queryByText( APIFETCH_WORDS ) ).toBeNull();

		down = false;
		await user.click(
			within( alert ).getByRole( 'button', { name: 'Retry' } )
		);
		expect(
			await screen.findByRole( 'region', {
				name: 'Production at a glance',
			} )
		).toBeInTheDocument();
		expect( screen.queryByRole( 'alert' ) ).toBeNull();
		expect(
			api.calls.filter( ( call ) => call.path === '/environments' )
		).toHaveLength( 2 );
	} );
} );
