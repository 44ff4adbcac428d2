import { addQueryArgs } from '@wordpress/url';

import { NAMESPACE, request, requestPage, restUrl, type Page } from './client';
import type {
	ApiBackup,
	ApiBackupDetails,
	ApiJob,
	EnvironmentName,
	RestoreRequest,
	Trigger,
} from './types';

export interface BackupQuery {
	environment: EnvironmentName;
	page: number;
	perPage: number;
	trigger?: Trigger;
}

export function fetchBackups(
	query: BackupQuery
): Promise< Page< ApiBackup > > {
	return requestPage< ApiBackup >(
		addQueryArgs( '/backups', {
			environment: query.environment,
			page: query.page,
			per_page: query.perPage,
			...( query.trigger ? { trigger: query.trigger } : {} ),
		} )
	);
}

export function fetchBackup( id: string ): Promise< ApiBackupDetails > {
	return request< ApiBackupDetails >(
		`/backups/${ encodeURIComponent( id ) }`
	);
}

export function createBackup(
	environment: EnvironmentName,
	note: string
): Promise< ApiJob > {
	return request< ApiJob >( '/backups', {
		method: 'POST',
		data: { environment, note },
	} );
}

export function deleteBackup( id: string ): Promise< unknown > {
	return request( `/backups/${ encodeURIComponent( id ) }`, {
		method: 'DELETE',
	} );
}

export function restoreBackup(
	id: string,
	body: RestoreRequest
): Promise< ApiJob > {
	return request< ApiJob >(
		`/backups/${ encodeURIComponent( id ) }/restore`,
		{
			method: 'POST',
			data: body,
		}
	);
}

/**
 * Starts bringing a backup kept only off-site back to this server, so it
 * can be downloaded.
 *
 * @param id The backup.
 */
export function fetchFromOffsite( id: string ): Promise< ApiJob > {
	return request< ApiJob >( `/backups/${ encodeURIComponent( id ) }/fetch`, {
		method: 'POST',
	} );
}

/**
 * The link that downloads a backup as a .zip. The browser follows it
 * itself (a stream, not a fetch), so the nonce travels in the URL.
 *
 * @param id       The backup.
 * @param restRoot The REST root URL.
 * @param nonce    A REST nonce of the logged-in admin.
 */
export function downloadUrl(
	id: string,
	restRoot: string,
	nonce: string
): string {
	return restUrl(
		restRoot,
		`${ NAMESPACE }/backups/${ encodeURIComponent( id ) }/download`,
		{ _wpnonce: nonce }
	);
}
