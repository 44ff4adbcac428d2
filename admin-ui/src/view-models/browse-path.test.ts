import { browseName, lenientUtf8, percentEncodeBytes } from './browse-path';

describe( 'names in a backup', () => {
	it( 'keeps a UTF-8 name as it is, and encodes it as encodeURIComponent does', () => {
		expect(
			browseName( 'wp-content/uploads/été 1.jpg', undefined )
		).toEqual( {
			shown: 'wp-content/uploads/été 1.jpg',
			encoded: 'wp-content%2Fuploads%2F%C3%A9t%C3%A9%201.jpg',
			text: 'wp-content/uploads/été 1.jpg',
		} );
	} );

	it( 'shows a name that is not UTF-8 with a replacement character, and sends its own bytes', () => {
		// "caf\xE9.txt": Latin-1, not UTF-8.
		const name = browseName( undefined, window.btoa( 'caf\xE9.txt' ) );
		expect( name.shown ).toBe( 'caf\uFFFD.txt' );
		expect( name.encoded ).toBe( 'caf%E9.txt' );
		expect( name.text ).toBeNull();
	} );

	it( 'decodes the valid sequences around a bad byte', () => {
		// "é" in UTF-8, then a lone continuation byte, then "ü".
		expect( lenientUtf8( '\xC3\xA9\x80\xC3\xBC' ) ).toBe( 'é\uFFFDü' );
		// A sequence cut short.
		expect( lenientUtf8( 'a\xE2\x82' ) ).toBe( 'a\uFFFD\uFFFD' );
	} );

	it( 'percent-encodes bytes as encodeURIComponent encodes text', () => {
		expect( percentEncodeBytes( "a b/c?d&e=f~*'()" ) ).toBe(
			encodeURIComponent( "a b/c?d&e=f~*'()" )
		);
		expect( percentEncodeBytes( '\x00\xFF' ) ).toBe( '%00%FF' );
	} );
} );
