/**
 * Thunks that start, follow and cancel jobs, record what came back, and
 * tell the admin how it went through the notices store.
 */
import {
	createBackup as apiCreateBackup,
	fetchBackup,
	fetchFromOffsite as apiFetchFromOffsite,
	restoreBackup as apiRestoreBackup,
} from '../api/backups';
import { toApiError } from '../api/client';
import { cancelJob as apiCancelJob, fetchJob } from '../api/jobs';
import type {
	ApiBackup,
	ApiJob,
	EnvironmentName,
	RestoreRequest,
} from '../api/types';
import { fetchedBackupId, toRestoreInfo } from '../view-models/job-request';
import {
	backupEndNotice,
	fetchEndNotice,
	restoreEndNotice,
} from './job-end-notices';
import {
	reloadBackupPages,
	reloadEnvironments,
	reloadSettings,
} from './reloads';
import { notice, reportJobRefused, type Thunk, type ThunkArgs } from './thunk';

/**
 * How a request to restore went: started, refused for a reason the admin
 * can fix in the dialog (400), or failed with a notice already shown.
 */
export type RestoreOutcome =
	| { status: 'started' }
	| { status: 'invalid'; message: string }
	| { status: 'failed' };

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
		// What the job changed is read again before the admin is told: a
		// fetched row gets its download link where the admin left it; a new
		// backup, or a restore's safety backup (listed with its target),
		// shows on the first page. A backup's copy off-site changes when the
		// last copy was made, or fails.
		await Promise.all( [
			dispatch(
				reloadBackupPages( job.kind === 'fetch' ? '' : job.environment )
			),
			dispatch( reloadEnvironments() ),
			dispatch( reloadSettings() ),
		] );
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
