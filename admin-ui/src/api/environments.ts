import { request } from './client';
import type { ApiEnvironment } from './types';

export function fetchEnvironments(): Promise< ApiEnvironment[] > {
	return request< ApiEnvironment[] >( '/environments' );
}
