/**
 * Shapes of the plugin's REST API (site-backups/v1), as the server sends
 * them: the screen's names for the types generated from the JSON Schemas the
 * server publishes (rest-types.generated.ts; `npm run rest-types` after a
 * schema changes). Nothing here restates a schema: where the screen accepts
 * less than the schema promises, it says so.
 */
import type {
	RestBackup,
	RestEnvironment,
	RestJob,
	RestPostBackupsIdRestoreArgs,
	RestPostSettingsOffsiteArgs,
	RestRecoveryKey,
	RestSettings,
	RestStatus,
} from './rest-types.generated';

export type EnvironmentName = RestEnvironment[ 'name' ];
export type Trigger = RestBackup[ 'trigger' ];
export type JobStatus = RestJob[ 'status' ];
export type JobKind = RestJob[ 'kind' ];
export type RestorePart = NonNullable<
	RestJob[ 'result' ][ 'parts' ]
>[ number ];
/** Where a backup is kept: this server's store, the off-site bucket, or both. */
export type BackupLocation = RestBackup[ 'locations' ][ number ];

/** What keeps backups from happening; the screen adds warnings of its own. */
export type ApiWarning = Omit<
	RestEnvironment[ 'warnings' ][ number ],
	'code'
> & {
	code: string;
};

export type ApiEnvironment = Omit< RestEnvironment, 'warnings' > & {
	warnings: ApiWarning[];
};

/**
 * Fields servers before off-site copies, signed records and safety backups
 * that name their restore did not send.
 */
type LaterBackupFields =
	'locations' | 'verified' | 'verification' | 'restore_of' | 'offsite_copy';

/**
 * A backup, with what its routes accept (can_restore, can_delete,
 * can_download, can_fetch): the screen offers what the server decides.
 * Without locations it is kept here; without verified, it is.
 */
export type ApiBackup = Omit< RestBackup, LaterBackupFields > &
	Partial< Pick< RestBackup, LaterBackupFields > >;

/**
 * Where a backup's copy off-site stands (null from the server when copies
 * do not go off-site): copied, copying (with its bytes), waiting or failed.
 */
export type OffsiteCopy = NonNullable< RestBackup[ 'offsite_copy' ] >;
export type OffsiteCopyState = OffsiteCopy[ 'state' ];

/** Why a record in the bucket is not verified. */
export type VerificationReason = NonNullable< RestBackup[ 'verification' ] >;

/** GET /settings/recovery-key: never the key itself. */
export type ApiRecoveryKeyStatus = Omit< RestRecoveryKey, 'key' >;

/** The answer to the one reveal: the key, base64. */
export type ApiRecoveryKeyReveal = Required< RestRecoveryKey >;

/** GET /backups/{id}: the backup with its details and its job's log. */
export type ApiBackupDetails = ApiBackup &
	Required< Pick< RestBackup, 'details' | 'log' > >;

export type ApiLogLine = RestJob[ 'log' ][ number ];

/**
 * A job, with whether a cancel would be accepted now (can_cancel): false
 * once it is committed, as a restore switching the site over is. An
 * off-site copy (kind offsite) makes way for any job started meanwhile: it
 * ends as paused, and goes on by itself afterwards.
 */
export type ApiJob = RestJob;

/**
 * The body of POST /backups/{id}/restore for the whole site: without paths
 * or tables, which restore only those (api/browse.ts).
 */
export type RestoreRequest = Required<
	Omit< RestPostBackupsIdRestoreArgs, 'paths' | 'tables' >
>;

/** What a restore was asked to do. */
export type ApiRestoreParams = Required< RestJob[ 'params' ] >;

/** What a finished restore did. */
export type ApiRestoreResult = Required< RestJob[ 'result' ] >;

export type ApiPlan = RestSettings[ 'plan' ];

type SettingsOffsite = RestSettings[ 'offsite' ];

/**
 * Off-site copies, set up by the host or by an administrator. The screen
 * needs only the summary: the rest is absent from POST /settings/offsite's
 * answer and from the screen's own "not configured".
 */
export type ApiOffsite = Pick<
	SettingsOffsite,
	| 'configured'
	| 'encrypted'
	| 'destination'
	| 'healthy'
	| 'message'
	| 'last_copy'
> &
	Partial<
		Pick<
			SettingsOffsite,
			'set_by_host' | 'saved' | 'warning' | 'warning_fix'
		>
	>;

/** Off-site settings an administrator saved, without their secrets. */
export type ApiSavedOffsite = NonNullable< SettingsOffsite[ 'saved' ] >;

/** The settings; without off-site copies, the screen reads them as not set up. */
export type ApiSettings = Omit< RestSettings, 'offsite' > & {
	offsite?: ApiOffsite;
};

/**
 * The body of POST /settings/offsite. With settings already saved, an empty
 * access key, secret or encryption key keeps the saved one.
 */
export type OffsiteRequest = Required< RestPostSettingsOffsiteArgs >;

/** GET /status: "Am I safe?" for production, then staging. */
export type ApiStatus = RestStatus;

/** Where one environment stands. */
export type ApiEnvironmentStatus = RestStatus[ 'environments' ][ number ];

/** A backup made or failed, as the status tells it. */
export type ApiBackupOutcome = NonNullable<
	ApiEnvironmentStatus[ 'last_backup' ]
>;
