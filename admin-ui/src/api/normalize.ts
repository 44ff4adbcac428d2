/**
 * Pure translations from API shapes to what the screen shows.
 */
import { dateI18n, getSettings, humanTimeDiff } from '@wordpress/date';
import { __, sprintf } from '@wordpress/i18n';

import type {
	ApiBackup,
	ApiJob,
	ApiOffsite,
	ApiSettings,
	ApiWarning,
	BackupLocation,
	EnvironmentName,
	JobKind,
	JobStatus,
	RestorePart,
	Trigger,
	VerificationReason,
} from './types';

export interface BackupRow {
	id: string;
	type: string;
	trigger: Trigger;
	note: string;
	createdLabel: string;
	createdRelative: string;
	createdIso: string;
	sizeLabel: string;
	storedLabel: string;
	statusLabel: string;
	expiresLabel: string;
	skipped: number;
	locations: BackupLocation[];
	locationLabel: string;
	/** Kept only in the bucket: fetched before it is downloaded. */
	offsiteOnly: boolean;
	/** What the server accepts for it, as it said (never guessed here). */
	canRestore: boolean;
	canDelete: boolean;
	canDownload: boolean;
	canFetch: boolean;
	/**
	 * Whether it can be trusted: one here is; one only the bucket holds when
	 * its record is signed with this site's recovery key.
	 */
	verified: boolean;
	/** Why it is not verified, for people; '' when it is. */
	verificationLabel: string;
}

/**
 * How a job is shown: an off-site copy of the backups made so far is shown
 * as the backups' own last step.
 */
export type JobViewKind = Exclude< JobKind, 'offsite' >;

export interface JobView {
	id: string;
	kind: JobViewKind;
	/** '' for an off-site copy, which is of every environment's backups. */
	environment: ApiJob[ 'environment' ];
	isRunning: boolean;
	status: JobStatus;
	percent: number | null;
	phaseLabel: string;
	detail: string;
	cancelling: boolean;
	/** Whether the server would accept a cancel now, as it said. */
	canCancel: boolean;
	/** The database went away: the job waits for it, its work kept. */
	waitingForDatabase: boolean;
	message: string;
	backupId: string | null;
}

/** A restore job's request and outcome. */
export interface RestoreInfo {
	backupId: string;
	target: EnvironmentName;
	parts: RestorePart[];
	safetyBackupId: string | null;
}

const TYPE_LABELS: Record< Trigger, () => string > = {
	scheduled: () => __( 'Automatic', 'site-backups' ),
	manual: () => __( 'Manual', 'site-backups' ),
	safety: () => __( 'Safety', 'site-backups' ),
};

const PHASE_LABELS: Record< JobViewKind, Record< string, () => string > > = {
	backup: {
		queued: () => __( 'Waiting to start', 'site-backups' ),
		files: () => __( 'Backing up files', 'site-backups' ),
		database: () => __( 'Backing up the database', 'site-backups' ),
		ready: () => __( 'Finishing', 'site-backups' ),
		offsite: () => __( 'Copying the backup off-site', 'site-backups' ),
		done: () => __( 'Done', 'site-backups' ),
	},
	restore: {
		queued: () => __( 'Waiting to start', 'site-backups' ),
		safety_backup: () => __( 'Taking a safety backup', 'site-backups' ),
		fetching: () =>
			__( 'Fetching the backup from off-site storage', 'site-backups' ),
		checking: () => __( 'Checking the backup', 'site-backups' ),
		database: () => __( 'Restoring the database', 'site-backups' ),
		rewriting: () => __( 'Changing the site address', 'site-backups' ),
		files: () => __( 'Restoring files', 'site-backups' ),
		switching: () => __( 'Switching to the restored site', 'site-backups' ),
		cleanup: () => __( 'Cleaning up', 'site-backups' ),
		done: () => __( 'Done', 'site-backups' ),
	},
	fetch: {
		queued: () => __( 'Waiting to start', 'site-backups' ),
		fetching: () => __( 'Fetching from off-site storage', 'site-backups' ),
		done: () => __( 'Done', 'site-backups' ),
	},
};

/**
 * "Production" or "Staging".
 *
 * @param name An environment; '' (a job of no one environment) reads as production.
 */
export function environmentLabel( name: EnvironmentName | '' ): string {
	return name === 'staging'
		? __( 'Staging', 'site-backups' )
		: __( 'Production', 'site-backups' );
}

/**
 * "1.5 MB": bytes in the largest unit that keeps the number readable.
 *
 * @param bytes A byte count.
 */
export function formatBytes( bytes: number ): string {
	const units = [ 'B', 'KB', 'MB', 'GB', 'TB' ];
	let value = Math.max( 0, bytes );
	let unit = 0;
	while ( value >= 1024 && unit < units.length - 1 ) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : 1;
	return `${ value.toFixed( digits ) } ${ units[ unit ] }`;
}

/**
 * A date in the site's time zone, as WordPress formats it.
 *
 * @param iso An ISO 8601 time.
 */
export function formatSiteDate( iso: string ): string {
	const { formats } = getSettings();
	return dateI18n( `${ formats.date } ${ formats.time }`, iso, undefined );
}

/**
 * "26 November 2026 at 03:12": a moment in the site's time zone and formats,
 * for sentences.
 *
 * @param iso An ISO 8601 time.
 */
export function formatSiteMoment( iso: string ): string {
	const { formats } = getSettings();
	return sprintf(
		/* translators: 1: a date, 2: a time of day. */
		__( '%1$s at %2$s', 'site-backups' ),
		dateI18n( formats.date, iso, undefined ),
		dateI18n( formats.time, iso, undefined )
	);
}

/**
 * "3 hours ago": how long ago a moment was; a moment ahead of the clock
 * (servers' clocks differ a little) counts as now.
 *
 * @param iso An ISO 8601 time.
 * @param now The current time.
 */
export function formatTimeAgo( iso: string, now: Date ): string {
	const then = new Date( Math.min( Date.parse( iso ), now.getTime() ) );
	return sprintf(
		/* translators: %s: a time span such as "3 hours". */
		__( '%s ago', 'site-backups' ),
		humanTimeDiff( then, now ).replace( / ago$/, '' )
	);
}

const LOCATION_ORDER: BackupLocation[] = [ 'local', 'offsite' ];

/**
 * Where a backup is kept, in a fixed order; this server alone when the
 * server does not say (it predates off-site copies).
 *
 * @param backup The API's backup.
 */
export function backupLocations( backup: ApiBackup ): BackupLocation[] {
	const given: unknown[] = Array.isArray( backup.locations )
		? backup.locations
		: [];
	const known = LOCATION_ORDER.filter( ( place ) => given.includes( place ) );
	return known.length > 0 ? known : [ 'local' ];
}

/**
 * "Local", "Off-site" or "Local + off-site".
 *
 * @param locations Where the backup is kept, as backupLocations() gives it.
 */
export function locationLabel( locations: BackupLocation[] ): string {
	if ( ! locations.includes( 'offsite' ) ) {
		return __( 'Local', 'site-backups' );
	}
	return locations.includes( 'local' )
		? __( 'Local + off-site', 'site-backups' )
		: __( 'Off-site', 'site-backups' );
}

const VERIFICATION_LABELS: Record< VerificationReason, () => string > = {
	'no signature': () => __( 'no signature', 'site-backups' ),
	'signed with another recovery key': () =>
		__( 'signed with another recovery key', 'site-backups' ),
	'signature does not match': () =>
		__( 'signature does not match', 'site-backups' ),
};

/**
 * Why a backup is not verified, in the admin's language; '' when it is.
 * A server that predates signed records says nothing: its backups count as
 * verified.
 *
 * @param backup The API's backup.
 */
export function verificationLabel( backup: ApiBackup ): string {
	if ( backup.verified !== false ) {
		return '';
	}
	const reason = backup.verification ?? '';
	const label = VERIFICATION_LABELS[ reason as VerificationReason ];
	return label ? label() : reason || __( 'not verified', 'site-backups' );
}

/**
 * Why a backup that is not verified cannot be restored, fetched or
 * downloaded, and what makes it usable.
 */
export function notVerifiedExplanation(): string {
	return __(
		"Not verified: its record in the bucket may have been written by someone else, so it cannot be restored, fetched or downloaded. If it was made on another server, set that server's recovery key in the off-site settings.",
		'site-backups'
	);
}

/**
 * One recovery point, ready for the list.
 *
 * @param backup The API's backup.
 * @param now    The current time, for relative hints.
 */
export function toBackupRow( backup: ApiBackup, now: Date ): BackupRow {
	const locations = backupLocations( backup );
	return {
		id: backup.id,
		type: ( TYPE_LABELS[ backup.trigger ] ?? TYPE_LABELS.manual )(),
		trigger: backup.trigger,
		note: backup.note,
		createdIso: backup.created,
		createdLabel: formatSiteDate( backup.created ),
		createdRelative: formatTimeAgo( backup.created, now ),
		sizeLabel: formatBytes( backup.size ),
		storedLabel: formatBytes( backup.stored_bytes ),
		statusLabel:
			backup.status === 'complete'
				? __( 'Complete', 'site-backups' )
				: __( 'Complete, with skipped files', 'site-backups' ),
		expiresLabel: backup.expires
			? formatSiteDate( backup.expires )
			: __( 'Kept as the latest backup', 'site-backups' ),
		skipped: backup.counts.skipped ?? 0,
		locations,
		locationLabel: locationLabel( locations ),
		offsiteOnly: ! locations.includes( 'local' ),
		canRestore: backup.can_restore,
		canDelete: backup.can_delete,
		canDownload: backup.can_download,
		canFetch: backup.can_fetch,
		verified: backup.verified !== false,
		verificationLabel: verificationLabel( backup ),
	};
}

/**
 * A job's progress, ready for the progress panel.
 *
 * @param job The API's job.
 */
export function toJobView( job: ApiJob ): JobView {
	const { progress } = job;
	let percent = progress.percent;
	if ( percent === null && progress.total ) {
		percent = Math.floor( ( 100 * progress.done ) / progress.total );
	}
	if ( job.status === 'done' ) {
		percent = 100;
	}
	const kind: JobViewKind =
		job.kind === 'restore' || job.kind === 'fetch' ? job.kind : 'backup';
	const phase = PHASE_LABELS[ kind ][ progress.phase ];
	const isRunning = job.status === 'queued' || job.status === 'running';
	return {
		id: job.id,
		kind,
		environment: job.environment,
		isRunning,
		status: job.status,
		percent:
			percent === null ? null : Math.max( 0, Math.min( 100, percent ) ),
		phaseLabel: phase ? phase() : progress.phase,
		detail: detailOf( kind, progress ),
		cancelling: job.cancelling,
		canCancel: job.can_cancel,
		waitingForDatabase: isRunning && !! job.waiting,
		message: job.message,
		backupId: job.result.backup ?? null,
	};
}

/**
 * The line under a job's progress: what it works on; for a fetch, whose
 * size is unknown until it ends, how much has come so far.
 *
 * @param kind     The job's kind.
 * @param progress The job's progress.
 */
function detailOf( kind: JobViewKind, progress: ApiJob[ 'progress' ] ): string {
	if ( progress.current || kind !== 'fetch' || progress.bytes <= 0 ) {
		return progress.current;
	}
	return sprintf(
		/* translators: %s: an amount of data, such as "12.5 MB". */
		__( '%s fetched so far', 'site-backups' ),
		formatBytes( progress.bytes )
	);
}

/**
 * What a restore job restores, where, and the safety backup it took; null
 * for other jobs.
 *
 * @param job The API's job.
 */
export function toRestoreInfo( job: ApiJob ): RestoreInfo | null {
	if ( job.kind !== 'restore' ) {
		return null;
	}
	const params = job.params ?? {};
	const result = job.result;
	return {
		backupId: result.backup ?? params.backup ?? '',
		// A restore job always names its target.
		target:
			result.environment ??
			params.environment ??
			( job.environment || 'production' ),
		parts: result.parts ?? params.parts ?? [ 'database', 'files' ],
		safetyBackupId: result.safety_backup ?? null,
	};
}

/**
 * The backup a fetch job brings back from off-site storage; null for other
 * jobs.
 *
 * @param job The API's job.
 */
export function fetchedBackupId( job: ApiJob ): string | null {
	if ( job.kind !== 'fetch' ) {
		return null;
	}
	return job.result.backup ?? job.params?.backup ?? null;
}

const NOT_CONFIGURED: ApiOffsite = {
	configured: false,
	encrypted: false,
	destination: '',
	healthy: null,
	message: '',
	last_copy: null,
};

/**
 * The settings' off-site part, complete: not configured when the server
 * does not say (it predates off-site copies).
 *
 * @param settings The API's settings.
 */
export function offsiteOf( settings: ApiSettings ): ApiOffsite {
	const given: Partial< ApiOffsite > = settings.offsite ?? {};
	if ( given.configured !== true ) {
		return NOT_CONFIGURED;
	}
	const lastCopy =
		typeof given.last_copy === 'string' &&
		! Number.isNaN( Date.parse( given.last_copy ) )
			? given.last_copy
			: null;
	return {
		configured: true,
		encrypted: given.encrypted === true,
		destination:
			typeof given.destination === 'string' ? given.destination : '',
		healthy: typeof given.healthy === 'boolean' ? given.healthy : null,
		message: typeof given.message === 'string' ? given.message : '',
		last_copy: lastCopy,
	};
}

/**
 * "last copy 12 minutes ago", or that no copy has worked yet.
 *
 * @param offsite The off-site settings, as offsiteOf() gives them.
 * @param now     The current time.
 */
function lastCopyText( offsite: ApiOffsite, now: Date ): string {
	const failing = offsite.healthy === false;
	if ( offsite.last_copy === null ) {
		return failing
			? __( 'no copy has succeeded yet', 'site-backups' )
			: __( 'no copy yet', 'site-backups' );
	}
	const ago = formatTimeAgo( offsite.last_copy, now );
	return failing
		? sprintf(
				/* translators: %s: how long ago, such as "3 days ago". */
				__( 'last successful copy %s', 'site-backups' ),
				ago
			)
		: sprintf(
				/* translators: %s: how long ago, such as "12 minutes ago". */
				__( 'last copy %s', 'site-backups' ),
				ago
			);
}

/**
 * One line on off-site copies: "Off-site copies: on, encrypted · last copy
 * 12 minutes ago", or that they are not set up.
 *
 * @param offsite The off-site settings, as offsiteOf() gives them.
 * @param now     The current time.
 */
export function offsiteSummary( offsite: ApiOffsite, now: Date ): string {
	if ( ! offsite.configured ) {
		return __( 'Off-site copies are not set up.', 'site-backups' );
	}
	return sprintf(
		/* translators: 1: "on, encrypted" or "on, not encrypted", 2: when the last copy was made, such as "last copy 12 minutes ago". */
		__( 'Off-site copies: %1$s · %2$s', 'site-backups' ),
		offsite.encrypted
			? __( 'on, encrypted', 'site-backups' )
			: __( 'on, not encrypted', 'site-backups' ),
		lastCopyText( offsite, now )
	);
}

/**
 * The warning to show while off-site copies fail, in the shape of the
 * environments' health warnings; none while they work.
 *
 * @param offsite The off-site settings, as offsiteOf() gives them.
 */
export function offsiteWarnings( offsite: ApiOffsite ): ApiWarning[] {
	if ( ! offsite.configured || offsite.healthy !== false ) {
		return [];
	}
	return [
		{
			code: 'offsite_failing',
			message: offsite.message
				? sprintf(
						/* translators: %s: the error of the last off-site copy. */
						__(
							'The last off-site copy failed: %s',
							'site-backups'
						),
						offsite.message
					)
				: __( 'The last off-site copy failed.', 'site-backups' ),
			fix: __(
				'Backups are still made and kept on this server, but they are not copied off-site until this is fixed.',
				'site-backups'
			),
		},
	];
}
