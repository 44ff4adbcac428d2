import type {
	ApiBackup,
	ApiEnvironment,
	ApiJob,
	ApiSettings,
	EnvironmentName,
	Trigger,
} from '../api/types';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface BackupListState {
	status: LoadStatus;
	page: number;
	trigger: Trigger | '';
	items: ApiBackup[];
	total: number;
	totalPages: number;
	error: string;
}

export interface State {
	environments: {
		status: LoadStatus;
		items: ApiEnvironment[];
		error: string;
	};
	backups: Record< EnvironmentName, BackupListState >;
	job: ApiJob | null;
	settings: ApiSettings | null;
	creating: boolean;
}

export type Action =
	| { type: 'ENVIRONMENTS_LOADING' }
	| { type: 'ENVIRONMENTS_LOADED'; items: ApiEnvironment[] }
	| { type: 'ENVIRONMENTS_FAILED'; error: string }
	| {
			type: 'BACKUPS_LOADING';
			environment: EnvironmentName;
			page: number;
			trigger: Trigger | '';
	  }
	| {
			type: 'BACKUPS_LOADED';
			environment: EnvironmentName;
			items: ApiBackup[];
			total: number;
			totalPages: number;
	  }
	| { type: 'BACKUPS_FAILED'; environment: EnvironmentName; error: string }
	| { type: 'BACKUP_REMOVED'; environment: EnvironmentName; id: string }
	| { type: 'JOB_RECEIVED'; job: ApiJob | null }
	| { type: 'CREATING'; creating: boolean }
	| { type: 'SETTINGS_LOADED'; settings: ApiSettings };
