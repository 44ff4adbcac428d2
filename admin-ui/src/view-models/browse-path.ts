/**
 * A name or path of a backup as the screen uses it. File names need not be
 * UTF-8: one that is not comes base64-encoded under "<key>_b64". It is shown
 * with U+FFFD where its bytes are not text, and sent back in URLs as its own
 * bytes, percent-encoded; a JSON body cannot carry it, so it has no `text`.
 */

export interface BrowseName {
	/** What the screen shows. */
	shown: string;
	/** Its bytes, percent-encoded for a query string. */
	encoded: string;
	/** The name itself when it is UTF-8; null when it is not. */
	text: string | null;
}

const REPLACEMENT = '\uFFFD';

/**
 * The length of the UTF-8 sequence a lead byte starts; 0 for a byte that
 * cannot start one.
 *
 * @param lead The first byte.
 */
function sequenceLength( lead: number ): number {
	if ( lead < 0x80 ) {
		return 1;
	}
	if ( lead >= 0xc2 && lead <= 0xdf ) {
		return 2;
	}
	if ( lead >= 0xe0 && lead <= 0xef ) {
		return 3;
	}
	if ( lead >= 0xf0 && lead <= 0xf4 ) {
		return 4;
	}
	return 0;
}

/**
 * Bytes (one char code each) as text: each valid UTF-8 sequence decoded,
 * each byte that is not part of one shown as U+FFFD.
 *
 * @param bytes A binary string.
 */
export function lenientUtf8( bytes: string ): string {
	let shown = '';
	let at = 0;
	while ( at < bytes.length ) {
		const length = sequenceLength( bytes.charCodeAt( at ) );
		const sequence = bytes.slice( at, at + Math.max( length, 1 ) );
		let decoded: string | null = null;
		if ( length > 0 && sequence.length === length ) {
			try {
				decoded = decodeURIComponent( percentEncodeBytes( sequence ) );
			} catch {
				decoded = null;
			}
		}
		shown += decoded ?? REPLACEMENT;
		at += decoded === null ? 1 : length;
	}
	return shown;
}

/**
 * Bytes (one char code each) percent-encoded as encodeURIComponent encodes
 * the UTF-8 of text.
 *
 * @param bytes A binary string.
 */
export function percentEncodeBytes( bytes: string ): string {
	let encoded = '';
	for ( let at = 0; at < bytes.length; at++ ) {
		const char = bytes.charAt( at );
		encoded += /[A-Za-z0-9\-_.!~*'()]/.test( char )
			? char
			: '%' +
				bytes
					.charCodeAt( at )
					.toString( 16 )
					.toUpperCase()
					.padStart( 2, '0' );
	}
	return encoded;
}

/**
 * The name under a key of an item from the server.
 *
 * @param text The value under the key itself, if any.
 * @param b64  The value under "<key>_b64", if any.
 */
export function browseName(
	text: string | null | undefined,
	b64: string | null | undefined
): BrowseName {
	if ( typeof text === 'string' ) {
		return { shown: text, encoded: encodeURIComponent( text ), text };
	}
	let bytes = '';
	try {
		bytes = window.atob( b64 ?? '' );
	} catch {
		bytes = '';
	}
	return {
		shown: lenientUtf8( bytes ),
		encoded: percentEncodeBytes( bytes ),
		text: null,
	};
}

/** The top of the backup: the folder the site lives in. */
export const TOP: BrowseName = { shown: '', encoded: '', text: '' };
