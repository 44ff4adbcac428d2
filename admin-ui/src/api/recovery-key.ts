/**
 * This site's recovery key: whether an administrator has it, its one
 * reveal, and setting another server's key on a new server.
 */
import { request } from './client';
import type { ApiRecoveryKeyReveal, ApiRecoveryKeyStatus } from './types';

const ROUTE = '/settings/recovery-key';

export function fetchRecoveryKeyStatus(): Promise< ApiRecoveryKeyStatus > {
	return request< ApiRecoveryKeyStatus >( ROUTE );
}

/**
 * The key, the first time only; the server answers 409 after.
 */
export function revealRecoveryKey(): Promise< ApiRecoveryKeyReveal > {
	return request< ApiRecoveryKeyReveal >( `${ ROUTE }/reveal`, {
		method: 'POST',
	} );
}

/**
 * Sets the key of the server that made the backups in the bucket.
 *
 * @param key The key, base64.
 */
export function setRecoveryKey( key: string ): Promise< ApiRecoveryKeyStatus > {
	return request< ApiRecoveryKeyStatus >( ROUTE, {
		method: 'POST',
		data: { key },
	} );
}
