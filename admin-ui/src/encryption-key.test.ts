import { generateEncryptionKey } from './encryption-key';

describe( 'a generated encryption key', () => {
	it( 'is 32 random bytes in base64', () => {
		const key = generateEncryptionKey();
		expect( key ).toMatch( /^[A-Za-z0-9+/]{43}=$/ );
		expect( window.atob( key ) ).toHaveLength( 32 );
		expect( generateEncryptionKey() ).not.toBe( key );
	} );
} );
