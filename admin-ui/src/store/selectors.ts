import type { ApiBackup, ApiEnvironment, EnvironmentName } from '../api/types';
import type { BackupListState, State } from './types';

export const getEnvironmentsState = ( state: State ) => state.environments;

export const getEnvironment = (
	state: State,
	name: EnvironmentName
): ApiEnvironment | undefined =>
	state.environments.items.find( ( item ) => item.name === name );

export const getBackupList = (
	state: State,
	environment: EnvironmentName
): BackupListState => state.backups[ environment ];

export const getJob = ( state: State ) => state.job;

export const isJobRunning = ( state: State ) =>
	state.job !== null &&
	( state.job.status === 'queued' || state.job.status === 'running' );

export const isCreating = ( state: State ) => state.creating;

export const getSettings = ( state: State ) => state.settings;

/**
 * A backup from the lists loaded so far.
 *
 * @param state The store's state.
 * @param id    The backup's id.
 */
export const findBackup = ( state: State, id: string ): ApiBackup | undefined =>
	state.backups.production.items.find( ( item ) => item.id === id ) ??
	state.backups.staging.items.find( ( item ) => item.id === id );

/**
 * Whether the tracked job is a restore into this environment that has not
 * failed or been cancelled: its users and sessions may be those of the
 * backup's time.
 *
 * @param state       The store's state.
 * @param environment The environment.
 */
export const isRestoringInto = (
	state: State,
	environment: EnvironmentName
): boolean =>
	state.job !== null &&
	state.job.kind === 'restore' &&
	state.job.environment === environment &&
	state.job.status !== 'failed' &&
	state.job.status !== 'cancelled';
