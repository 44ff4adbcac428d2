/**
 * Thunks that start, follow and cancel jobs, record what came back, and
 * tell the admin how it went through the notices store; screen readers
 * hear a job's start and end once each.
 */
import { speak } from '@wordpress/a11y';
import { __ } from '@wordpress/i18n';

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
import { focusJobOutcome, JOB_NOTICE_ID } from '../focus-job-outcome';
import { fetchedBackupId, toRestoreInfo } from '../view-models/job-request';
import { jobStartSentence } from '../view-models/running-job';
import {
	backupEndNotice,
	fetchEndNotice,
	restoreEndNotice,
} from './job-end-notices';
import {
	reloadBackupPages,
	reloadEnvironments,
	reloadSettings,
	reloadStatus,
} from './reloads';
import { notice, reportJobRefused, type Thunk, type ThunkArgs } from './thunk';
import type { UndoRequest } from './types';

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
			speak( jobStartSentence( job ) );
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
			speak( jobStartSentence( job ) );
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
			dispatch( reloadStatus() ),
		] );
		let ended = backupEndNotice( job );
		if ( job.kind === 'restore' ) {
			ended = restoreEndNotice( job, backup );
		} else if ( job.kind === 'fetch' ) {
			ended = fetchEndNotice( job, backup );
		}
		const undo = undoOf( job );
		notice( registry ).createNotice( ended.status, ended.content, {
			id: JOB_NOTICE_ID,
			type: ended.snackbar ? 'snackbar' : 'default',
			// Said here once: the notice would say it again.
			speak: false,
			actions: undo
				? [
						{
							label: __( 'Undo', 'site-backups' ),
							onClick: () =>
								dispatch( {
									type: 'UNDO_REQUESTED',
									request: undo,
								} ),
						},
					]
				: [],
		} );
		speak(
			ended.content,
			ended.status === 'error' ? 'assertive' : 'polite'
		);
		// A new backup's row, else what the admin is told: never the
		// vanished progress panel.
		focusJobOutcome(
			job.kind === 'backup' && job.status === 'done'
				? ( job.result.backup ?? null )
				: null
		);
	};

/**
 * What undoing a finished restore means: restoring the safety backup it
 * took first, into the same environment, the same parts; null when it took
 * none.
 *
 * @param job The ended job.
 */
function undoOf( job: ApiJob ): UndoRequest | null {
	const info = toRestoreInfo( job );
	if ( job.kind !== 'restore' || job.status !== 'done' || ! info ) {
		return null;
	}
	if ( ! info.safetyBackupId ) {
		return null;
	}
	return {
		safetyBackupId: info.safetyBackupId,
		environment: info.target,
		parts: info.parts,
	};
}

/**
 * Asks to undo a restore, or drops the request (null): the screen asks for
 * a confirmation first.
 *
 * @param request What to undo.
 */
export const requestUndo = ( request: UndoRequest | null ) => ( {
	type: 'UNDO_REQUESTED' as const,
	request,
} );

/**
 * Undoes a restore once confirmed: restores its safety backup. No safety
 * backup of the restored site is taken: the backup restored is kept, and
 * restoring it again redoes the restore.
 *
 * @param request What to undo.
 */
export const undoRestore =
	( request: UndoRequest ): Thunk =>
	async ( { dispatch } ): Promise< RestoreOutcome > => {
		const outcome = ( await dispatch(
			restoreBackup( request.safetyBackupId, {
				environment: request.environment,
				parts: request.parts,
				safety_backup: false,
			} )
		) ) as RestoreOutcome;
		if ( outcome.status !== 'invalid' ) {
			dispatch( requestUndo( null ) );
		}
		return outcome;
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
			const job = await apiFetchFromOffsite( id );
			dispatch( { type: 'JOB_RECEIVED', job } );
			speak( jobStartSentence( job ) );
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
