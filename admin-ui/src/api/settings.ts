import { request } from './client';
import type { ApiOffsite, ApiSettings, OffsiteRequest } from './types';

export function fetchSettings(): Promise< ApiSettings > {
	return request< ApiSettings >( '/settings' );
}

/**
 * Saves an administrator's off-site settings; the server first checks it
 * can reach the bucket with them.
 *
 * @param body The settings, secrets included.
 */
export function saveOffsiteSettings(
	body: OffsiteRequest
): Promise< ApiOffsite > {
	return request< ApiOffsite >( '/settings/offsite', {
		method: 'POST',
		data: body,
	} );
}

/**
 * Stops an administrator's off-site copies; those in the bucket stay.
 */
export function turnOffOffsite(): Promise< ApiOffsite > {
	return request< ApiOffsite >( '/settings/offsite', { method: 'DELETE' } );
}
