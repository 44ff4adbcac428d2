import { formatBytes } from './format-size';

describe( 'sizes', () => {
	it( 'formats sizes', () => {
		expect( formatBytes( 0 ) ).toBe( '0 B' );
		expect( formatBytes( 1536 ) ).toBe( '1.5 KB' );
		expect( formatBytes( 5 * 1024 ** 3 ) ).toBe( '5.0 GB' );
	} );
} );
