/**
 * Thunks that talk to the API, record what came back, and tell the admin
 * how it went through the notices store.
 */
import { __ } from '@wordpress/i18n';

import {
	createBackup as apiCreateBackup,
	deleteBackup as apiDeleteBackup,
	fetchBackup,
	fetchBackups,
	fetchFromOffsite as apiFetchFromOffsite,
	restoreBackup as apiRestoreBackup,
} from '../api/backups';
import { toApiError } from '../api/client';
import { fetchEnvironments } from '../api/environments';
import {
	cancelJob as apiCancelJob,
	fetchActiveJob,
	fetchJob,
} from '../api/jobs';
import { fetchedBackupId, toRestoreInfo } from '../api/normalize';
import { fetchSettings } from '../api/settings';
import type {
	ApiBackup,
	ApiJob,
	EnvironmentName,
	RestoreRequest,
	Trigger,
} from '../api/types';
import {
	backupEndNotice,
	fetchEndNotice,
	restoreEndNotice,
} from './job-end-notices';
import { PER_PAGE } from './reducer';
import { notice, reportJobRefused, type Thunk, type ThunkArgs } from './thunk';
import type { State } from './types';

/**
 * How a request to restore went: started, refused for a reason the admin
 * can fix in the dialog (400), or failed with a notice already shown.
 */
export type RestoreOutcome =
	| { status: 'started' }
	| { status: 'invalid'; message: string }
	| { status: 'failed' };

export const loadEnvironments =
	(): Thunk =>
	async ( { dispatch } ) => {
		dispatch( { type: 'ENVIRONMENTS_LOADING' } );
		try {
			dispatch( {
				type: 'ENVIRONMENTS_LOADED',
				items: await fetchEnvironments(),
			} );
		} catch ( error ) {
			dispatch( {
				type: 'ENVIRONMENTS_FAILED',
				error: toApiError( error ).message,
			} );
		}
	};

export const loadBackups =
	(
		environment: EnvironmentName,
		page: number = 1,
		trigger: Trigger | '' = ''
	): Thunk =>
	async ( { dispatch } ) => {
		dispatch( { type: 'BACKUPS_LOADING', environment, page, trigger } );
		try {
			const result = await fetchBackups( {
				environment,
				page,
				perPage: PER_PAGE,
				...( trigger ? { trigger } : {} ),
			} );
			dispatch( {
				type: 'BACKUPS_LOADED',
				environment,
				items: result.items,
				total: result.total,
				totalPages: result.totalPages,
			} );
		} catch ( error ) {
			dispatch( {
				type: 'BACKUPS_FAILED',
				environment,
				error: toApiError( error ).message,
			} );
		}
	};

export const loadSettings =
	(): Thunk =>
	async ( { dispatch } ) => {
		try {
			dispatch( {
				type: 'SETTINGS_LOADED',
				settings: await fetchSettings(),
			} );
		} catch {
			// Settings only add the plan line; the screen works without them.
		}
	};

export const findActiveJob =
	(): Thunk =>
	async ( { dispatch } ) => {
		try {
			dispatch( { type: 'JOB_RECEIVED', job: await fetchActiveJob() } );
		} catch {
			// Polling starts with the next action; nothing to show yet.
		}
	};

export const createBackup =
	( environment: EnvironmentName, note: string ): Thunk =>
	async ( { dispatch, registry } ) => {
		dispatch( { type: 'CREATING', creating: true } );
		try {
			const job = await apiCreateBackup( environment, note );
			dispatch( { type: 'JOB_RECEIVED', job } );
			return job;
		} catch ( error ) {
			reportJobRefused( { dispatch, registry }, toApiError( error ), {
				id: 'site-backups-create',
				type: 'snackbar',
			} );
			return null;
		} finally {
			dispatch( { type: 'CREATING', creating: false } );
		}
	};

/**
 * Starts restoring a backup; the job is then tracked like a backup's.
 *
 * @param id   The backup to restore.
 * @param body Where to, what, and whether to take a safety backup first.
 */
export const restoreBackup =
	( id: string, body: RestoreRequest ): Thunk =>
	async ( { dispatch, registry } ): Promise< RestoreOutcome > => {
		try {
			const job = await apiRestoreBackup( id, body );
			dispatch( { type: 'JOB_RECEIVED', job } );
			return { status: 'started' };
		} catch ( error ) {
			const apiError = toApiError( error );
			if ( apiError.status === 400 ) {
				return { status: 'invalid', message: apiError.message };
			}
			reportJobRefused( { dispatch, registry }, apiError, {
				id: 'site-backups-restore',
			} );
			return { status: 'failed' };
		}
	};

/**
 * Refreshes the tracked job; when it ends, says how and reloads its list.
 */
export const refreshJob =
	(): Thunk =>
	async ( { dispatch, select, registry } ) => {
		const current = select.getJob();
		if ( ! current ) {
			return;
		}
		let job: ApiJob;
		try {
			job = await fetchJob( current.id );
		} catch {
			return; // A missed poll is retried on the next tick.
		}
		dispatch( { type: 'JOB_RECEIVED', job } );
		if ( job.status === 'queued' || job.status === 'running' ) {
			return;
		}
		const backup = await backupOfJob( job, select );
		let ended = backupEndNotice( job );
		if ( job.kind === 'restore' ) {
			ended = restoreEndNotice( job, backup );
		} else if ( job.kind === 'fetch' ) {
			ended = fetchEndNotice( job, backup );
		}
		notice( registry ).createNotice( ended.status, ended.content, {
			id: 'site-backups-job',
			type: ended.snackbar ? 'snackbar' : 'default',
		} );
		const environment = backup?.environment ?? job.environment;
		if ( job.kind === 'fetch' && environment !== '' ) {
			// The fetched row gets its download link where the admin left it.
			const list = select.getBackupList( environment );
			await dispatch(
				loadBackups( environment, list.page, list.trigger )
			);
		} else if ( job.environment !== '' ) {
			// A restore's safety backup is listed with its target.
			await dispatch( loadBackups( job.environment ) );
		}
		await dispatch( loadEnvironments() );
		// A backup's copy off-site changes when the last copy was made, or fails.
		await dispatch( loadSettings() );
	};

/**
 * The backup a restore restored or a fetch fetched, for its date: from the
 * lists already loaded, else asked for; null when neither answers or the
 * job is a backup.
 *
 * @param job    The ended job.
 * @param select The store's selectors.
 */
async function backupOfJob(
	job: ApiJob,
	select: ThunkArgs[ 'select' ]
): Promise< ApiBackup | null > {
	const id = toRestoreInfo( job )?.backupId || fetchedBackupId( job );
	if ( ! id ) {
		return null;
	}
	try {
		return select.findBackup( id ) ?? ( await fetchBackup( id ) );
	} catch {
		return null;
	}
}

/**
 * Starts bringing a backup kept only off-site back to this server; the job
 * is then tracked like a backup's.
 *
 * @param id The backup.
 */
export const fetchFromOffsite =
	( id: string ): Thunk =>
	async ( { dispatch, registry } ) => {
		try {
			dispatch( {
				type: 'JOB_RECEIVED',
				job: await apiFetchFromOffsite( id ),
			} );
			return true;
		} catch ( error ) {
			reportJobRefused( { dispatch, registry }, toApiError( error ), {
				id: 'site-backups-fetch',
			} );
			return false;
		}
	};

export const cancelJob =
	(): Thunk =>
	async ( { dispatch, select, registry } ) => {
		const current = select.getJob();
		if ( ! current ) {
			return;
		}
		try {
			dispatch( {
				type: 'JOB_RECEIVED',
				job: await apiCancelJob( current.id ),
			} );
		} catch ( error ) {
			notice( registry ).createErrorNotice( toApiError( error ).message, {
				id: 'site-backups-cancel',
			} );
		}
	};

export const deleteBackup =
	( environment: EnvironmentName, id: string ): Thunk =>
	async ( { dispatch, registry } ) => {
		try {
			await apiDeleteBackup( id );
			dispatch( { type: 'BACKUP_REMOVED', environment, id } );
			notice( registry ).createSuccessNotice(
				__( 'The backup was deleted.', 'site-backups' ),
				{ id: 'site-backups-delete', type: 'snackbar' }
			);
			await dispatch( loadBackups( environment ) );
			return true;
		} catch ( error ) {
			notice( registry ).createErrorNotice( toApiError( error ).message, {
				id: 'site-backups-delete',
			} );
			return false;
		}
	};

export type { State };
