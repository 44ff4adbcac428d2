import { downloadUrl } from './backups';

describe( 'download link', () => {
	it( 'puts the route under the REST root with the nonce', () => {
		expect(
			downloadUrl( 'abc', 'https://example.test/wp-json/', 'n0nce' )
		).toBe(
			'https://example.test/wp-json/site-backups/v1/backups/abc/download?_wpnonce=n0nce'
		);
	} );

	it( 'works on sites without pretty permalinks', () => {
		const url = new URL(
			downloadUrl( 'abc', 'https://example.test/?rest_route=/', 'n0nce' )
		);
		expect( url.searchParams.get( 'rest_route' ) ).toBe(
			'/site-backups/v1/backups/abc/download'
		);
		expect( url.searchParams.get( '_wpnonce' ) ).toBe( 'n0nce' );
	} );
} );
