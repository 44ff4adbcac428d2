import { request } from './client';
import type { ApiJob } from './types';

export function fetchJob( id: string ): Promise< ApiJob > {
	return request< ApiJob >( `/jobs/${ encodeURIComponent( id ) }` );
}

export async function fetchActiveJob(): Promise< ApiJob | null > {
	const jobs = await request< ApiJob[] >( '/jobs?active=true' );
	return jobs[ 0 ] ?? null;
}

export function cancelJob( id: string ): Promise< ApiJob > {
	return request< ApiJob >( `/jobs/${ encodeURIComponent( id ) }/cancel`, {
		method: 'POST',
	} );
}
