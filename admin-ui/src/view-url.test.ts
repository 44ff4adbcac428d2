import { readViewFromUrl, urlWithView, writeViewToUrl } from './view-url';

const SCREEN = 'http://example.test/wp-admin/tools.php?page=site-backups';

describe( 'view in the URL', () => {
	it( 'defaults to production and reads staging', () => {
		expect( readViewFromUrl( SCREEN ) ).toBe( 'production' );
		expect( readViewFromUrl( `${ SCREEN }&view=staging` ) ).toBe(
			'staging'
		);
	} );

	it( 'treats unknown values as production', () => {
		expect( readViewFromUrl( `${ SCREEN }&view=../../etc` ) ).toBe(
			'production'
		);
	} );

	it( 'keeps the other query arguments when switching', () => {
		const staging = urlWithView( SCREEN, 'staging' );
		expect( staging ).toBe( `${ SCREEN }&view=staging` );
		expect( urlWithView( staging, 'production' ) ).toBe( SCREEN );
	} );

	it( 'replaces the history entry only when the view changes', () => {
		const history = { replaceState: jest.fn() };
		writeViewToUrl( 'production', history, SCREEN );
		expect( history.replaceState ).not.toHaveBeenCalled();
		writeViewToUrl( 'staging', history, SCREEN );
		expect( history.replaceState ).toHaveBeenCalledWith(
			null,
			'',
			`${ SCREEN }&view=staging`
		);
	} );
} );
