import { request } from './client';
import type { ApiStatus } from './types';

/**
 * Where production and staging stand: the last backup, the next one, the
 * recovery points and the off-site copies.
 */
export function fetchStatus(): Promise< ApiStatus > {
	return request< ApiStatus >( '/status' );
}
