import { request } from './client';
import type { ApiSettings } from './types';

export function fetchSettings(): Promise< ApiSettings > {
	return request< ApiSettings >( '/settings' );
}
