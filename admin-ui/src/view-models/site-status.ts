/**
 * "Am I safe?" in plain words: the lines of an environment's status block,
 * from GET /status, with dates in the site's time zone.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import type {
	ApiBackupOutcome,
	ApiEnvironmentStatus,
	ApiStatus,
	EnvironmentName,
} from '../api/types';
import {
	formatSiteDay,
	formatSiteMoment,
	formatSiteRelativeMoment,
	formatTimeAgo,
} from './format-date';

/** How a line reads: error styling, a warning, good news, or a plain fact. */
export type StatusTone = 'error' | 'warning' | 'success' | 'info';

export interface StatusLine {
	/** Which fact the line tells; one line per fact. */
	id:
		| 'store'
		| 'automatic-failed'
		| 'last-backup'
		| 'next-automatic'
		| 'last-manual'
		| 'recovery-points'
		| 'offsite'
		| 'offsite-host';
	text: string;
	tone: StatusTone;
	/** The failed job whose story can be opened; null for none. */
	jobId: string | null;
}

function line(
	id: StatusLine[ 'id' ],
	text: string,
	tone: StatusTone,
	jobId: string | null = null
): StatusLine {
	return { id, text, tone, jobId };
}

/**
 * "automatic", "manual" or "safety backup before a restore".
 *
 * @param trigger How the backup was started.
 */
function howOf( trigger: ApiBackupOutcome[ 'trigger' ] ): string {
	switch ( trigger ) {
		case 'automatic':
			return __( 'automatic', 'site-backups' );
		case 'safety':
			return __( 'safety backup before a restore', 'site-backups' );
		default:
			return __( 'manual', 'site-backups' );
	}
}

/**
 * "completed", "completed, 3 files skipped", "failed" or "failed: why".
 *
 * @param backup      The backup.
 * @param withMessage Whether to say why it failed (not when a line above says it).
 */
function endOf( backup: ApiBackupOutcome, withMessage: boolean ): string {
	if ( backup.outcome === 'failed' ) {
		return withMessage && backup.error
			? sprintf(
					/* translators: %s: why the backup failed. */
					__( 'failed: %s', 'site-backups' ),
					backup.error
				)
			: __( 'failed', 'site-backups' );
	}
	const skipped = backup.skipped ?? 0;
	return skipped > 0
		? sprintf(
				/* translators: %d: number of files the backup could not read. */
				_n(
					'completed, %d file skipped',
					'completed, %d files skipped',
					skipped,
					'site-backups'
				),
				skipped
			)
		: __( 'completed', 'site-backups' );
}

/**
 * "Last backup: today at 9:22 pm, automatic, completed".
 *
 * @param backup      The newest backup, made or failed.
 * @param withMessage Whether to say why it failed.
 * @param now         The current time.
 */
function lastBackupLine(
	backup: ApiBackupOutcome,
	withMessage: boolean,
	now: Date
): StatusLine {
	const when = backup.time ?? backup.started;
	const failed = backup.outcome === 'failed';
	return line(
		'last-backup',
		sprintf(
			/* translators: 1: when, such as "today at 9:22 pm", 2: how it was started, such as "automatic", 3: how it ended, such as "completed". */
			__( 'Last backup: %1$s, %2$s, %3$s', 'site-backups' ),
			when
				? formatSiteRelativeMoment( when, now )
				: __( 'at an unknown time', 'site-backups' ),
			howOf( backup.trigger ),
			endOf( backup, withMessage )
		),
		failed ? 'error' : 'info',
		failed && withMessage ? backup.job_id : null
	);
}

/**
 * The last automatic backup, when it failed and none has succeeded since.
 *
 * @param status The environment's status.
 */
function failedAutomaticLine(
	status: ApiEnvironmentStatus
): StatusLine | null {
	const failed = status.last_automatic;
	if ( ! status.automatic_failing || failed?.outcome !== 'failed' ) {
		return null;
	}
	return line(
		'automatic-failed',
		failed.error
			? sprintf(
					/* translators: %s: why the automatic backup failed. */
					__( 'Last automatic backup failed: %s', 'site-backups' ),
					failed.error
				)
			: __( 'Last automatic backup failed.', 'site-backups' ),
		'error',
		failed.job_id
	);
}

/**
 * "Next automatic backup: tomorrow at 3:00 am", for production backed up
 * from this site.
 *
 * @param status The environment's status.
 * @param now    The current time.
 */
function nextAutomaticLine(
	status: ApiEnvironmentStatus,
	now: Date
): StatusLine | null {
	if ( status.name !== 'production' || ! status.automatic ) {
		return null;
	}
	return status.next_automatic
		? line(
				'next-automatic',
				sprintf(
					/* translators: %s: when, such as "tomorrow at 3:00 am". */
					__( 'Next automatic backup: %s', 'site-backups' ),
					formatSiteRelativeMoment( status.next_automatic, now )
				),
				'info'
			)
		: line(
				'next-automatic',
				__( 'No automatic backup is scheduled.', 'site-backups' ),
				'warning'
			);
}

/**
 * Staging is backed up by hand only: how long ago it last was.
 *
 * @param status The environment's status.
 * @param now    The current time.
 */
function lastManualLine( status: ApiEnvironmentStatus, now: Date ): StatusLine {
	if ( status.last_manual ) {
		return line(
			'last-manual',
			sprintf(
				/* translators: %s: how long ago, such as "3 days ago". */
				__( 'Last manual backup: %s', 'site-backups' ),
				formatTimeAgo( status.last_manual, now )
			),
			'info'
		);
	}
	return line(
		'last-manual',
		status.last_backup === null
			? __( 'No staging backup yet', 'site-backups' )
			: __( 'No manual backup of staging is kept.', 'site-backups' ),
		'warning'
	);
}

/**
 * "14 recovery points, the oldest from November 2".
 *
 * @param status The environment's status.
 */
function recoveryPointsLine( status: ApiEnvironmentStatus ): StatusLine {
	const count = status.recovery_points;
	if ( count === 0 || ! status.oldest_recovery_point ) {
		return line(
			'recovery-points',
			__(
				'No recovery points are kept on this server yet.',
				'site-backups'
			),
			'warning'
		);
	}
	return line(
		'recovery-points',
		sprintf(
			/* translators: 1: number of recovery points, 2: the day of the oldest, such as "November 2, 2026". */
			_n(
				'%1$d recovery point, from %2$s',
				'%1$d recovery points, the oldest from %2$s',
				count,
				'site-backups'
			),
			count,
			formatSiteDay( status.oldest_recovery_point )
		),
		'info'
	);
}

/**
 * Off-site copies: healthy, failing and why, on but not tried, or not set
 * up; then who sets them up when the host does.
 *
 * @param offsite The environment's off-site copies.
 */
function offsiteLines(
	offsite: ApiEnvironmentStatus[ 'offsite' ]
): StatusLine[] {
	const host = offsite.set_by_host
		? [
				line(
					'offsite-host',
					__(
						'Off-site copies are set by your host.',
						'site-backups'
					),
					'info'
				),
			]
		: [];
	switch ( offsite.state ) {
		case 'healthy':
			return [
				line(
					'offsite',
					__( 'Off-site copies are healthy.', 'site-backups' ),
					'success'
				),
				...host,
			];
		case 'untried':
			return [
				line(
					'offsite',
					__(
						'Off-site copies are on; none has been made yet.',
						'site-backups'
					),
					'info'
				),
				...host,
			];
		case 'failing': {
			const why =
				offsite.message ||
				__( 'no reason was recorded.', 'site-backups' );
			return [
				line(
					'offsite',
					offsite.failed_at
						? sprintf(
								/* translators: 1: date and time of the first failure since copies last worked, 2: why the last attempt failed. */
								__(
									'Off-site copies have been failing since %1$s: %2$s',
									'site-backups'
								),
								formatSiteMoment( offsite.failed_at ),
								why
							)
						: sprintf(
								/* translators: %s: why the copies fail. */
								__(
									'Off-site copies are failing: %s',
									'site-backups'
								),
								why
							),
					'error'
				),
				...host,
			];
		}
		default:
			return [
				line(
					'offsite',
					__(
						'Off-site copies are not set up: backups are kept on this server only.',
						'site-backups'
					),
					'warning'
				),
			];
	}
}

/**
 * The status block's lines for one environment, most urgent first; null
 * when the status does not list it.
 *
 * @param status      GET /status's answer.
 * @param environment The environment shown.
 * @param now         The current time.
 */
export function toStatusLines(
	status: ApiStatus,
	environment: EnvironmentName,
	now: Date
): StatusLine[] | null {
	const own = status.environments.find(
		( item ) => item.name === environment
	);
	if ( ! own ) {
		return null;
	}
	const lines: StatusLine[] = [];
	if ( ! status.store.readable ) {
		lines.push(
			line(
				'store',
				sprintf(
					/* translators: %s: why the recovery points could not be read. */
					__(
						'The recovery points could not be read: %s',
						'site-backups'
					),
					status.store.error ?? ''
				),
				'error'
			)
		);
	}
	const failedAutomatic = failedAutomaticLine( own );
	if ( failedAutomatic ) {
		lines.push( failedAutomatic );
	}
	const last = own.last_backup;
	if ( last ) {
		// The failed night's line above already says why.
		const saidAbove =
			failedAutomatic !== null &&
			last.outcome === 'failed' &&
			last.job_id === failedAutomatic.jobId;
		lines.push( lastBackupLine( last, ! saidAbove, now ) );
	} else if ( environment === 'production' ) {
		lines.push(
			line(
				'last-backup',
				__( 'No backup yet', 'site-backups' ),
				'warning'
			)
		);
	}
	const next = nextAutomaticLine( own, now );
	if ( next ) {
		lines.push( next );
	}
	if ( environment === 'staging' ) {
		lines.push( lastManualLine( own, now ) );
	}
	if ( status.store.readable && ( environment === 'production' || last ) ) {
		lines.push( recoveryPointsLine( own ) );
	}
	return [ ...lines, ...offsiteLines( own.offsite ) ];
}
