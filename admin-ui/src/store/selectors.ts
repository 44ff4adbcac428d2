import type { ApiEnvironment, EnvironmentName } from '../api/types';
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
