import { pageData } from './page-data';

describe( 'page data', () => {
	afterEach( () => {
		delete window.siteBackupsAdmin;
	} );

	it( 'reads what the server printed', () => {
		window.siteBackupsAdmin = {
			restRoot: 'https://example.test/wp-json/',
			restNonce: 'n0nce',
			loginUrl: 'https://example.test/wp-login.php',
			currentEnvironment: 'staging',
		};
		expect( pageData() ).toEqual( {
			restRoot: 'https://example.test/wp-json/',
			restNonce: 'n0nce',
			loginUrl: 'https://example.test/wp-login.php',
			currentEnvironment: 'staging',
		} );
	} );

	it( 'falls back to WordPress defaults when it is missing or odd', () => {
		window.siteBackupsAdmin = { currentEnvironment: 'mars', restRoot: 42 };
		expect( pageData() ).toEqual( {
			restRoot: '/wp-json/',
			restNonce: '',
			loginUrl: '/wp-login.php',
			currentEnvironment: 'production',
		} );
	} );
} );
