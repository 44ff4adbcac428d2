/**
 * What the screen reads from the store. Those with a resolver of the same
 * name (resolvers.ts) load their data the first time they are read.
 */
import type {
	ApiBackup,
	ApiBackupDetails,
	ApiEnvironment,
	ApiJob,
	ApiStatus,
	ApiRecoveryKeyStatus,
	ApiSettings,
	EnvironmentName,
	Trigger,
} from '../api/types';
import { backupPageKey } from './reducer';
import type { BackupPage, BackupQuery, State } from './types';

const NO_ENVIRONMENTS: ApiEnvironment[] = [];

/**
 * The environments; none until the server has listed them.
 *
 * @param state The store's state.
 */
export const getEnvironments = ( state: State ): ApiEnvironment[] =>
	state.environments ?? NO_ENVIRONMENTS;

export const getEnvironment = (
	state: State,
	name: EnvironmentName
): ApiEnvironment | undefined =>
	getEnvironments( state ).find( ( item ) => item.name === name );

/**
 * The page and type of an environment's backups the admin looks at.
 *
 * @param state       The store's state.
 * @param environment The environment.
 */
export const getBackupQuery = (
	state: State,
	environment: EnvironmentName
): BackupQuery => state.backupQueries[ environment ];

/**
 * A page of an environment's backups; undefined until it is loaded.
 *
 * @param state       The store's state.
 * @param environment The environment.
 * @param page        The page, from 1.
 * @param trigger     The type shown; '' for all.
 */
export const getBackupPage = (
	state: State,
	environment: EnvironmentName,
	page: number,
	trigger: Trigger | ''
): BackupPage | undefined =>
	state.backupPages[ backupPageKey( environment, page, trigger ) ];

/**
 * A backup with its details and its job's log; undefined until loaded.
 *
 * @param state The store's state.
 * @param id    The backup's id.
 */
export const getBackupDetails = (
	state: State,
	id: string
): ApiBackupDetails | undefined => state.backupDetails[ id ];

export const getJob = ( state: State ) => state.job;

export const isJobRunning = ( state: State ) =>
	state.job !== null &&
	( state.job.status === 'queued' || state.job.status === 'running' );

export const isCreating = ( state: State ) => state.creating;

/**
 * The undo of a restore the admin asked for, until confirmed or dismissed.
 *
 * @param state The store's state.
 */
export const getUndoRequest = ( state: State ) => state.undoRequest;

export const getSettings = ( state: State ): ApiSettings | null =>
	state.settings;

export const getRecoveryKeyStatus = (
	state: State
): ApiRecoveryKeyStatus | null => state.recoveryKeyStatus;

/**
 * A backup from the pages loaded so far.
 *
 * @param state The store's state.
 * @param id    The backup's id.
 */
export const findBackup = (
	state: State,
	id: string
): ApiBackup | undefined => {
	for ( const page of Object.values( state.backupPages ) ) {
		const found = page.items.find( ( item ) => item.id === id );
		if ( found ) {
			return found;
		}
	}
	return undefined;
};

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

/**
 * Where production and staging stand; null until the server has said.
 *
 * @param state The store's state.
 */
export const getStatus = ( state: State ): ApiStatus | null => state.status;

/**
 * A job with its message and log, for its story; undefined until loaded.
 *
 * @param state The store's state.
 * @param id    The job's id.
 */
export const getJobDetails = ( state: State, id: string ): ApiJob | undefined =>
	state.jobDetails[ id ];
