/**
 * What the store's thunks receive, and the helpers they share.
 */
import { store as noticesStore } from '@wordpress/notices';

import type { ApiError } from '../api/client';
import type {
	ApiBackup,
	ApiEnvironment,
	ApiJob,
	ApiRecoveryKeyStatus,
	ApiSettings,
	ApiStatus,
	EnvironmentName,
	Trigger,
} from '../api/types';
import { runningJobSentence } from '../view-models/running-job';
import type { JobEndNotice } from './job-end-notices';
import type { ResolutionActions, ResolvedSelector } from './resolution';
import type { Action, BackupPage, BackupQuery } from './types';

interface NoticeOptions {
	id?: string;
	type?: 'default' | 'snackbar';
	/** False when the screen says it itself (a job's end, once). */
	speak?: boolean;
	actions?: Array< { label: string; onClick: () => void } >;
}

export interface NoticeActions {
	createNotice: (
		status: JobEndNotice[ 'status' ],
		content: string,
		options?: NoticeOptions
	) => unknown;
	createSuccessNotice: (
		content: string,
		options?: NoticeOptions
	) => unknown;
	createErrorNotice: ( content: string, options?: NoticeOptions ) => unknown;
	createInfoNotice: ( content: string, options?: NoticeOptions ) => unknown;
}

export interface ThunkArgs {
	dispatch: ( ( action: Action | Thunk ) => unknown ) & ResolutionActions;
	select: {
		getJob: () => ApiJob | null;
		findBackup: ( id: string ) => ApiBackup | undefined;
		getBackupQuery: ( environment: EnvironmentName ) => BackupQuery;
		/** Whether a resolver was asked for these arguments (and not invalidated since). */
		hasStartedResolution: (
			selectorName: ResolvedSelector,
			args: unknown[]
		) => boolean;
	};
	/** Selectors that wait for their resolver; they reject when it fails. */
	resolveSelect: {
		getEnvironments: () => Promise< ApiEnvironment[] >;
		getBackupPage: (
			environment: EnvironmentName,
			page: number,
			trigger: Trigger | ''
		) => Promise< BackupPage | undefined >;
		getJob: () => Promise< ApiJob | null >;
		getSettings: () => Promise< ApiSettings | null >;
		getRecoveryKeyStatus: () => Promise< ApiRecoveryKeyStatus | null >;
		getStatus: () => Promise< ApiStatus | null >;
	};
	registry: { dispatch: ( store: unknown ) => NoticeActions };
}
export type Thunk = ( args: ThunkArgs ) => Promise< unknown > | unknown;

export function notice( registry: ThunkArgs[ 'registry' ] ): NoticeActions {
	return registry.dispatch( noticesStore );
}

/**
 * The running job a 409 answer carries, if any.
 *
 * @param error The API error.
 */
export function runningJobOf( error: ApiError ): ApiJob | null {
	const data = error.data as { job?: ApiJob } | null;
	return error.status === 409 && data?.job ? data.job : null;
}

/**
 * Says why a job did not start; when another job is running (409), names
 * it ("A production backup started at 9:22 pm is running.") and follows
 * that one instead.
 *
 * @param args          The thunk's arguments.
 * @param args.dispatch Dispatches to the store.
 * @param args.registry Reaches the notices store.
 * @param error         The API error.
 * @param options       The notice's options.
 */
export function reportJobRefused(
	{ dispatch, registry }: Pick< ThunkArgs, 'dispatch' | 'registry' >,
	error: ApiError,
	options: NoticeOptions
): void {
	const running = runningJobOf( error );
	if ( running ) {
		dispatch( { type: 'JOB_RECEIVED', job: running } );
	}
	notice( registry ).createErrorNotice(
		running ? runningJobSentence( running ) : error.message,
		options
	);
}
