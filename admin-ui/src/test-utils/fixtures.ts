import type {
	ApiBackup,
	ApiBackupOutcome,
	ApiEnvironment,
	ApiEnvironmentStatus,
	ApiJob,
	ApiOffsite,
	ApiSavedOffsite,
	ApiSettings,
	ApiStatus,
} from '../api/types';

export function environment(
	overrides: Partial< ApiEnvironment > = {}
): ApiEnvironment {
	return {
		name: 'production',
		label: 'Production',
		configured: true,
		problem: '',
		url: 'http://localhost:8888',
		automatic_backups: true,
		next_scheduled: '2026-11-27T02:17:00+00:00',
		last_backup: null,
		warnings: [],
		...overrides,
	};
}

export const settings: ApiSettings = {
	schedule_time: '03:17',
	timezone: 'Europe/Paris',
	exclusions: [],
	notification_email: 'admin@example.test',
	notifications_enabled: true,
	delete_backups_on_uninstall: false,
	plan: { name: 'pro', label: 'Pro', retention_days: 60, set_by_host: true },
};

/**
 * Settings with off-site copies set up; by default encrypted and healthy,
 * the last copy twelve minutes ago.
 *
 * @param overrides Fields of the off-site part to change.
 */
export function offsiteSettings(
	overrides: Partial< ApiOffsite > = {}
): ApiSettings {
	return {
		...settings,
		offsite: {
			configured: true,
			encrypted: true,
			destination:
				'bucket site-backups at http://127.0.0.1:8886 (prefix example.com)',
			healthy: true,
			message: '',
			last_copy: new Date( Date.now() - 12 * 60 * 1000 ).toISOString(),
			...overrides,
		},
	};
}

/**
 * Off-site settings an administrator saved, as the server sends them back.
 *
 * @param overrides Fields to change.
 */
export function savedOffsite(
	overrides: Partial< ApiSavedOffsite > = {}
): ApiSavedOffsite {
	return {
		endpoint: 'https://s3.eu-central-1.amazonaws.com',
		region: 'eu-central-1',
		bucket: 'shop-backups',
		prefix: 'shop.example',
		access_key_hint: '…WXYZ',
		keep_local_days: 7,
		...overrides,
	};
}

/**
 * What a backup's routes accept, decided as the server decides it
 * (plugin/App/BackupActions.php) from where it is kept and whether it is
 * verified.
 *
 * @param changed The backup.
 */
function decisions(
	changed: Pick< ApiBackup, 'locations' | 'verified' >
): Pick<
	ApiBackup,
	'can_restore' | 'can_delete' | 'can_download' | 'can_fetch'
> {
	const local = ( changed.locations ?? [ 'local' ] ).includes( 'local' );
	const verified = changed.verified !== false;
	return {
		can_restore: verified,
		can_delete: local,
		can_download: verified,
		can_fetch: ! local && verified,
	};
}

/**
 * A backup as the server lists it once it has changed (where it is kept,
 * whether it is verified): what its routes accept decided again.
 *
 * @param changed The backup, changed.
 */
export function decided( changed: ApiBackup ): ApiBackup {
	return { ...changed, ...decisions( changed ) };
}

/**
 * A backup as the server lists it. What its routes accept is decided as the
 * server decides it, unless the overrides say.
 *
 * @param overrides Fields to change; counts are merged.
 */
export function backup(
	overrides: Partial< Omit< ApiBackup, 'counts' > > & {
		counts?: Partial< ApiBackup[ 'counts' ] >;
	} = {}
): ApiBackup {
	const { counts, ...rest } = overrides;
	return {
		id: '01m8c24kk64pmvymegwwn0y3dr',
		environment: 'production',
		trigger: 'manual',
		note: 'Before theme update',
		created: '2026-11-26T10:00:00+00:00',
		finished: '2026-11-26T10:01:00+00:00',
		expires: '2027-01-25T10:00:00+00:00',
		status: 'complete',
		size: 50 * 1024 * 1024,
		stored_bytes: 1024,
		wp_version: '6.8',
		plugin_version: '0.1.0',
		scope: null,
		...decisions( overrides ),
		...rest,
		counts: {
			files: 1200,
			dirs: 0,
			symlinks: 0,
			excluded: 0,
			skipped: 0,
			...counts,
		},
	};
}

/**
 * A job as the server sends it; whether it can be cancelled is decided as
 * the server decides it (plugin/Rest/JobPresenter.php) unless the overrides
 * say.
 *
 * @param overrides Fields to change.
 */
export function job( overrides: Partial< ApiJob > = {} ): ApiJob {
	const status = overrides.status ?? 'running';
	const committed = overrides.committed ?? false;
	return {
		id: 'b'.repeat( 32 ),
		kind: 'backup',
		status: 'running',
		environment: 'production',
		trigger: 'manual',
		note: '',
		created: '2026-11-26T10:00:00+00:00',
		updated: '2026-11-26T10:00:02+00:00',
		finished: null,
		progress: {
			phase: 'files',
			done: 40,
			total: 100,
			percent: 40,
			bytes: 0,
			current: 'wp-content/uploads',
		},
		cancelling: false,
		waiting: null,
		message: '',
		result: {},
		params: {},
		committed,
		can_cancel:
			( status === 'queued' || status === 'running' ) && ! committed,
		log: [],
		...overrides,
	};
}

/**
 * A job fetching a backup from off-site storage, 1.5 MB in: its size is
 * not known until the end.
 *
 * @param backupId  The backup fetched.
 * @param overrides Fields to change.
 */
export function fetchJob(
	backupId: string,
	overrides: Partial< ApiJob > = {}
): ApiJob {
	return job( {
		id: 'f'.repeat( 32 ),
		kind: 'fetch',
		params: { backup: backupId },
		progress: {
			phase: 'fetching',
			done: 3,
			total: null,
			percent: null,
			bytes: 1536 * 1024,
			current: '',
		},
		...overrides,
	} );
}

/**
 * A backup made or failed, as GET /status tells it: by default production's
 * automatic backup of 26 November 2026 at 02:17 UTC, completed.
 *
 * @param overrides Fields to change.
 */
export function backupOutcome(
	overrides: Partial< ApiBackupOutcome > = {}
): ApiBackupOutcome {
	return {
		id: '01m8c24kk64pmvymegwwn0y3dr',
		job_id: null,
		trigger: 'automatic',
		outcome: 'ok',
		started: '2026-11-26T02:17:00+00:00',
		time: '2026-11-26T02:19:00+00:00',
		error: null,
		skipped: 0,
		...overrides,
	};
}

/**
 * Where one environment stands, as GET /status tells it: by default a
 * production without backups, its next automatic backup due, no off-site
 * copies.
 *
 * @param overrides Fields to change.
 */
export function environmentStatus(
	overrides: Partial< ApiEnvironmentStatus > = {}
): ApiEnvironmentStatus {
	const name = overrides.name ?? 'production';
	return {
		name,
		available: true,
		automatic: name === 'production',
		last_backup: null,
		last_automatic: null,
		automatic_failing: false,
		next_automatic:
			name === 'production' ? '2026-11-27T02:17:00+00:00' : null,
		recovery_points: 0,
		oldest_recovery_point: null,
		last_manual: null,
		offsite: {
			state: 'off',
			set_by_host: false,
			message: '',
			failed_at: null,
			last_copy: null,
		},
		...overrides,
	};
}

/**
 * GET /status's answer: production and staging as given (by default
 * without backups).
 *
 * @param production What differs for production.
 * @param staging    What differs for staging.
 */
export function siteStatus(
	production: Partial< ApiEnvironmentStatus > = {},
	staging: Partial< ApiEnvironmentStatus > = {}
): ApiStatus {
	return {
		generated: '2026-11-26T10:00:00+00:00',
		store: { readable: true, error: null },
		environments: [
			environmentStatus( { ...production, name: 'production' } ),
			environmentStatus( { ...staging, name: 'staging' } ),
		],
	};
}
