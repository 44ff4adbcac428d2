/**
 * Who may change off-site copies from this screen, and what an
 * administrator saved, from the settings the server sent.
 */
import type { ApiSavedOffsite, ApiSettings } from '../api/types';

export interface OffsiteSetup {
	/**
	 * Who sets the copies up: the host in wp-config.php (shown only) or an
	 * administrator here; null when the server predates this choice.
	 */
	by: 'host' | 'admin' | null;
	configured: boolean;
	encrypted: boolean;
	/** What an administrator saved, without secrets; null when nothing. */
	saved: ApiSavedOffsite | null;
}

function text( value: unknown ): string {
	return typeof value === 'string' ? value : '';
}

/**
 * The saved settings, checked field by field; null when there are none.
 *
 * @param value What the server sent as `saved`.
 */
function savedOf( value: unknown ): ApiSavedOffsite | null {
	if ( typeof value !== 'object' || value === null ) {
		return null;
	}
	const given = value as Partial< Record< keyof ApiSavedOffsite, unknown > >;
	const days = given.keep_local_days;
	return {
		endpoint: text( given.endpoint ),
		region: text( given.region ),
		bucket: text( given.bucket ),
		prefix: text( given.prefix ),
		access_key_hint: text( given.access_key_hint ),
		keep_local_days:
			typeof days === 'number' && Number.isInteger( days ) && days > 0
				? days
				: null,
	};
}

/**
 * @param settings The API's settings.
 */
export function offsiteSetupOf( settings: ApiSettings ): OffsiteSetup {
	const given = settings.offsite;
	const setByHost = given?.set_by_host;
	if ( ! given || typeof setByHost !== 'boolean' ) {
		return { by: null, configured: false, encrypted: false, saved: null };
	}
	const configured = given.configured === true;
	return {
		by: setByHost ? 'host' : 'admin',
		configured,
		encrypted: configured && given.encrypted === true,
		saved: setByHost ? null : savedOf( given.saved ),
	};
}
