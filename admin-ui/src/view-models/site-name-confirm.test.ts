import { isSiteNameConfirmed, siteNameToType } from './site-name-confirm';

describe( 'typing the site’s name to confirm', () => {
	it( 'takes the name whatever its case and surrounding spaces', () => {
		expect( isSiteNameConfirmed( 'Corner Shop', 'Corner Shop' ) ).toBe(
			true
		);
		expect( isSiteNameConfirmed( 'Corner Shop', '  corner   SHOP ' ) ).toBe(
			true
		);
	} );

	it( 'refuses anything else, and nothing', () => {
		expect( isSiteNameConfirmed( 'Corner Shop', 'Corner' ) ).toBe( false );
		expect( isSiteNameConfirmed( 'Corner Shop', 'Corner Shops' ) ).toBe(
			false
		);
		expect( isSiteNameConfirmed( 'Corner Shop', '' ) ).toBe( false );
	} );

	it( 'asks for the host name of a site without a title', () => {
		expect( siteNameToType( '  ' ) ).toBe( window.location.hostname );
		expect( window.location.hostname ).not.toBe( '' );
		expect(
			isSiteNameConfirmed( '', window.location.hostname.toUpperCase() )
		).toBe( true );
		expect( isSiteNameConfirmed( '', '' ) ).toBe( false );
	} );
} );
