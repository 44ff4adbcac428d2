import { pageData, pageLocale } from './page-data';

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
			timezone: 'Europe/Paris',
			dateFormat: 'j F Y',
			timeFormat: 'H:i',
			siteName: 'Corner Shop',
		};
		expect( pageData() ).toEqual( {
			restRoot: 'https://example.test/wp-json/',
			restNonce: 'n0nce',
			loginUrl: 'https://example.test/wp-login.php',
			currentEnvironment: 'staging',
			timezone: 'Europe/Paris',
			dateFormat: 'j F Y',
			timeFormat: 'H:i',
			siteName: 'Corner Shop',
		} );
	} );

	it( 'falls back to WordPress defaults when it is missing or odd', () => {
		window.siteBackupsAdmin = { currentEnvironment: 'mars', restRoot: 42 };
		expect( pageData() ).toEqual( {
			restRoot: '/wp-json/',
			restNonce: '',
			loginUrl: '/wp-login.php',
			currentEnvironment: 'production',
			timezone: 'UTC',
			dateFormat: 'F j, Y',
			timeFormat: 'g:i a',
			siteName: '',
		} );
	} );

	it( 'takes the language from the page, English when it says none', () => {
		expect( pageLocale() ).toBe( 'en-US' );
		document.documentElement.lang = 'de-DE';
		expect( pageLocale() ).toBe( 'de-DE' );
		document.documentElement.lang = '';
	} );
} );
