/**
 * A new key for encrypting off-site copies: 32 random bytes from the
 * browser's cryptographic generator, base64-encoded (44 characters), the
 * form the server expects.
 */
export function generateEncryptionKey(): string {
	const bytes = window.crypto.getRandomValues( new Uint8Array( 32 ) );
	return window.btoa( String.fromCharCode( ...bytes ) );
}
