import type { ApiError } from '../api/client';
import type {
	ApiBackup,
	ApiBackupDetails,
	ApiEnvironment,
	ApiJob,
	ApiRecoveryKeyStatus,
	ApiSettings,
	ApiStatus,
	EnvironmentName,
	RestorePart,
	Trigger,
} from '../api/types';

export type LoadStatus = 'loading' | 'ready' | 'error';

/** Which page of an environment's backups the admin looks at, and of which type. */
export interface BackupQuery {
	page: number;
	trigger: Trigger | '';
}

/** One page of an environment's backups, as the server listed it. */
export interface BackupPage {
	items: ApiBackup[];
	total: number;
	totalPages: number;
}

/** An environment's list as its view shows it. */
export interface BackupListState extends BackupQuery, BackupPage {
	status: LoadStatus;
	error: string;
	/** Why it could not be read; null while it has not failed. */
	failure: ApiError | null;
}

/**
 * Undoing a restore: restoring the safety backup it took first, into the
 * environment it restored, the same parts.
 */
export interface UndoRequest {
	safetyBackupId: string;
	environment: EnvironmentName;
	parts: RestorePart[];
}

export interface State {
	/** Null until the server has listed them. */
	environments: ApiEnvironment[] | null;
	backupQueries: Record< EnvironmentName, BackupQuery >;
	/** Pages loaded so far, by backupPageKey(). */
	backupPages: Record< string, BackupPage >;
	/** Backups' details loaded so far, by id. */
	backupDetails: Record< string, ApiBackupDetails >;
	job: ApiJob | null;
	settings: ApiSettings | null;
	/** Whether the recovery key was saved; never the key itself. */
	recoveryKeyStatus: ApiRecoveryKeyStatus | null;
	creating: boolean;
	/** Where each environment stands; null until the server has said. */
	status: ApiStatus | null;
	/** Jobs read for their story (a failed backup's), by id. */
	jobDetails: Record< string, ApiJob >;
	/** The undo the admin asked for, waiting for a confirmation; null otherwise. */
	undoRequest: UndoRequest | null;
}

export type Action =
	| { type: 'ENVIRONMENTS_LOADED'; items: ApiEnvironment[] }
	| ( {
			type: 'BACKUP_PAGE_LOADED';
			environment: EnvironmentName;
	  } & BackupQuery &
			BackupPage )
	| ( {
			type: 'BACKUP_QUERY_CHANGED';
			environment: EnvironmentName;
	  } & BackupQuery )
	| { type: 'BACKUP_REMOVED'; environment: EnvironmentName; id: string }
	| { type: 'BACKUP_DETAILS_LOADED'; id: string; details: ApiBackupDetails }
	| { type: 'JOB_RECEIVED'; job: ApiJob | null }
	| { type: 'CREATING'; creating: boolean }
	| { type: 'UNDO_REQUESTED'; request: UndoRequest | null }
	| { type: 'SETTINGS_LOADED'; settings: ApiSettings }
	| { type: 'STATUS_LOADED'; status: ApiStatus }
	| { type: 'JOB_DETAILS_LOADED'; job: ApiJob }
	| {
			type: 'RECOVERY_KEY_STATUS_LOADED';
			status: ApiRecoveryKeyStatus | null;
	  };
