import { addQueryArgs } from '@wordpress/url';

import { request, requestPage, type Page } from './client';
import type {
	ApiBackup,
	ApiBackupDetails,
	ApiJob,
	EnvironmentName,
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
