/**
 * Shapes of the plugin's REST API (site-backups/v1), as the server sends them.
 */
export type EnvironmentName = 'production' | 'staging';
export type Trigger = 'scheduled' | 'manual' | 'safety';
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
export type JobKind = 'backup' | 'restore' | 'fetch';
export type RestorePart = 'database' | 'files';
/** Where a backup is kept: this server's store, the off-site bucket, or both. */
export type BackupLocation = 'local' | 'offsite';

export interface ApiWarning {
	code: string;
	message: string;
	fix: string;
}

export interface ApiEnvironment {
	name: EnvironmentName;
	label: string;
	configured: boolean;
	problem: string;
	url: string | null;
	automatic_backups: boolean;
	next_scheduled: string | null;
	last_backup: { id: string; created: string } | null;
	warnings: ApiWarning[];
}

export interface ApiBackup {
	id: string;
	environment: EnvironmentName;
	trigger: Trigger;
	note: string;
	created: string;
	finished: string | null;
	expires: string | null;
	status: string;
	size: number;
	stored_bytes: number;
	counts: Partial<
		Record< 'files' | 'dirs' | 'symlinks' | 'excluded' | 'skipped', number >
	>;
	wp_version?: string;
	plugin_version?: string;
	/** At least one; absent from servers without off-site copies. */
	locations?: BackupLocation[];
	/**
	 * False for a backup only the bucket holds whose record this site's
	 * recovery key does not vouch for: it cannot be restored, fetched or
	 * downloaded. Absent from servers that predate signed records.
	 */
	verified?: boolean;
	/** Why it is not verified; null when it is. */
	verification?: VerificationReason | string | null;
}

/** Why a record in the bucket is not verified. */
export type VerificationReason =
	| 'no signature'
	| 'signed with another recovery key'
	| 'signature does not match';

/** GET /settings/recovery-key: never the key itself. */
export interface ApiRecoveryKeyStatus {
	/** wp-config: set by the host; saved: kept in the store; none: not made yet. */
	source: 'wp-config' | 'saved' | 'none';
	/** Whether an administrator has it (shown once, typed in, or the host's). */
	shown: boolean;
}

/** The answer to the one reveal: the key, base64. */
export interface ApiRecoveryKeyReveal extends ApiRecoveryKeyStatus {
	key: string;
}

export interface ApiBackupDetails extends ApiBackup {
	details: {
		skipped: Array< { path: string; reason: string } >;
		excluded: Array< { path: string; reason: string } >;
	};
	log: ApiLogLine[];
}

export interface ApiLogLine {
	time: string;
	level: string;
	message: string;
}

export interface ApiJob {
	id: string;
	kind: JobKind;
	status: JobStatus;
	environment: EnvironmentName;
	trigger: Trigger;
	note: string;
	created: string;
	updated: string;
	finished: string | null;
	progress: {
		phase: string;
		done: number;
		total: number | null;
		percent: number | null;
		bytes: number;
		current: string;
	};
	cancelling: boolean;
	/** While the database is away: since when the job waits (its work is kept). */
	waiting?: { since: string | null; reason: string } | null;
	message: string;
	/**
	 * What the job was asked to do; for a restore, ApiRestoreParams; for a
	 * fetch, the backup fetched.
	 */
	params?: Partial< ApiRestoreParams >;
	/**
	 * A backup's new id; for a finished restore, ApiRestoreResult; for a
	 * finished fetch, the backup fetched.
	 */
	result: Partial< ApiRestoreResult >;
	log: ApiLogLine[];
}

/** The body of POST /backups/{id}/restore. */
export interface RestoreRequest {
	environment: EnvironmentName;
	parts: RestorePart[];
	safety_backup: boolean;
}

export interface ApiRestoreParams extends RestoreRequest {
	backup: string;
}

export interface ApiRestoreResult {
	backup: string;
	safety_backup: string | null;
	environment: EnvironmentName;
	parts: RestorePart[];
}

export interface ApiPlan {
	name: string;
	label: string;
	retention_days: number;
	set_by_host: boolean;
}

export interface ApiSettings {
	schedule_time: string;
	timezone: string;
	exclusions: string[];
	notification_email: string;
	notifications_enabled: boolean;
	plan: ApiPlan;
	/** Absent from servers without off-site copies. */
	offsite?: ApiOffsite;
}

/** Off-site copies, set up by the host or by an administrator. */
export interface ApiOffsite {
	configured: boolean;
	encrypted: boolean;
	/** Where copies go, for people; never holds a secret. */
	destination: string;
	/** Whether the last copy worked; null before any copy was tried. */
	healthy: boolean | null;
	/** The last error; '' when healthy. */
	message: string;
	/** ISO time of the last complete copy. */
	last_copy: string | null;
	/**
	 * Set in wp-config.php by the host: the screen only shows them. Absent
	 * from servers where only the host can set them up.
	 */
	set_by_host?: boolean;
	/** The administrator's saved settings; null when none or set by the host. */
	saved?: ApiSavedOffsite | null;
	/** Why the copies put the site at risk (not encrypted); '' when they do not. */
	warning?: string;
	/** How to act on the warning: who turns encryption on, and how. */
	warning_fix?: string;
}

/** Off-site settings an administrator saved, without their secrets. */
export interface ApiSavedOffsite {
	endpoint: string;
	region: string;
	bucket: string;
	prefix: string;
	/** The access key's end, such as "…WXYZ". */
	access_key_hint: string;
	/** Days backups stay on this server too; null: as the plan keeps them. */
	keep_local_days: number | null;
}

/**
 * The body of POST /settings/offsite. With settings already saved, an empty
 * access key, secret or encryption key keeps the saved one.
 */
export interface OffsiteRequest {
	endpoint: string;
	region: string;
	bucket: string;
	/** '' for the site's host name. */
	prefix: string;
	access_key: string;
	secret: string;
	encryption_key: string;
	keep_local_days: number | null;
}
