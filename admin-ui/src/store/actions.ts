/**
 * Thunks that talk to the API, record what came back, and tell the admin
 * how it went through the notices store.
 */
import { __, sprintf } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';

import {
	createBackup as apiCreateBackup,
	deleteBackup as apiDeleteBackup,
	fetchBackups,
} from '../api/backups';
import { ApiError, toApiError } from '../api/client';
import { fetchEnvironments } from '../api/environments';
import {
	cancelJob as apiCancelJob,
	fetchActiveJob,
	fetchJob,
} from '../api/jobs';
import { fetchSettings } from '../api/settings';
import type { ApiJob, EnvironmentName, Trigger } from '../api/types';
import { PER_PAGE } from './reducer';
import type { Action, State } from './types';

interface NoticeOptions {
	id?: string;
	type?: 'default' | 'snackbar';
}

interface NoticeActions {
	createSuccessNotice: (
		content: string,
		options?: NoticeOptions
	) => unknown;
	createErrorNotice: ( content: string, options?: NoticeOptions ) => unknown;
	createInfoNotice: ( content: string, options?: NoticeOptions ) => unknown;
}

interface ThunkArgs {
	dispatch: ( action: Action | Thunk ) => unknown;
	select: { getJob: () => ApiJob | null };
	registry: { dispatch: ( store: unknown ) => NoticeActions };
}
type Thunk = ( args: ThunkArgs ) => Promise< unknown > | unknown;

function notice( registry: ThunkArgs[ 'registry' ] ): NoticeActions {
	return registry.dispatch( noticesStore );
}

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
			const apiError = toApiError( error );
			const running = runningJobOf( apiError );
			if ( running ) {
				dispatch( { type: 'JOB_RECEIVED', job: running } );
			}
			notice( registry ).createErrorNotice( apiError.message, {
				id: 'site-backups-create',
				type: 'snackbar',
			} );
			return null;
		} finally {
			dispatch( { type: 'CREATING', creating: false } );
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
		const notices = notice( registry );
		if ( job.status === 'done' ) {
			notices.createSuccessNotice(
				job.environment === 'staging'
					? __( 'The staging backup is complete.', 'site-backups' )
					: __(
							'The production backup is complete.',
							'site-backups'
						),
				{ id: 'site-backups-job', type: 'snackbar' }
			);
		} else if ( job.status === 'failed' ) {
			notices.createErrorNotice(
				sprintf(
					/* translators: %s: why the backup failed. */
					__( 'The backup failed: %s', 'site-backups' ),
					job.message
				),
				{ id: 'site-backups-job' }
			);
		} else {
			notices.createInfoNotice(
				__(
					'The backup was cancelled. Nothing was saved.',
					'site-backups'
				),
				{ id: 'site-backups-job', type: 'snackbar' }
			);
		}
		await dispatch( loadBackups( job.environment ) );
		await dispatch( loadEnvironments() );
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

/**
 * The running job a 409 answer carries, if any.
 *
 * @param error The API error.
 */
function runningJobOf( error: ApiError ): ApiJob | null {
	const data = error.data as { job?: ApiJob } | null;
	return error.status === 409 && data?.job ? data.job : null;
}

export type { State };
