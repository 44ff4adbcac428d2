/**
 * What the admin is told when a job ends, as plain data the actions hand to
 * the notices store.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { ApiBackup, ApiJob } from '../api/types';
import { environmentLabel } from '../view-models/environment-label';
import { formatSiteMoment } from '../view-models/format-date';
import { toRestoreInfo } from '../view-models/job-request';

export interface JobEndNotice {
	status: 'success' | 'error' | 'info';
	content: string;
	// Snackbars fade away; what the admin may need later stays pinned.
	snackbar: boolean;
}

export function backupEndNotice( job: ApiJob ): JobEndNotice {
	if ( job.status === 'done' ) {
		return {
			status: 'success',
			snackbar: true,
			content:
				job.environment === 'staging'
					? __( 'The staging backup is complete.', 'site-backups' )
					: __(
							'The production backup is complete.',
							'site-backups'
						),
		};
	}
	if ( job.status === 'failed' ) {
		return {
			status: 'error',
			snackbar: false,
			content: sprintf(
				/* translators: %s: why the backup failed. */
				__( 'The backup failed: %s', 'site-backups' ),
				job.message
			),
		};
	}
	return {
		status: 'info',
		snackbar: true,
		content: __(
			'The backup was cancelled. Nothing was saved.',
			'site-backups'
		),
	};
}

/**
 * @param job      The ended restore job.
 * @param restored The backup it restored, when known (for its date).
 */
export function restoreEndNotice(
	job: ApiJob,
	restored: ApiBackup | null
): JobEndNotice {
	if ( job.status === 'failed' ) {
		return failed( job, __( 'The restore failed.', 'site-backups' ) );
	}
	const info = toRestoreInfo( job );
	const target = environmentLabel( info?.target ?? job.environment );
	if ( job.status !== 'done' ) {
		return {
			status: 'info',
			snackbar: true,
			content: sprintf(
				/* translators: %s: environment name, such as Production. */
				__(
					'The restore was cancelled. %s was not changed.',
					'site-backups'
				),
				target
			),
		};
	}
	const sentences = [ restoredSentence( target, restored ) ];
	if ( info?.safetyBackupId ) {
		sentences.push(
			__(
				'A safety backup was taken: you can undo this by restoring it.',
				'site-backups'
			)
		);
	}
	return {
		status: 'success',
		snackbar: false,
		content: sentences.join( ' ' ),
	};
}

/**
 * @param job     The ended fetch job.
 * @param fetched The backup it fetched, when known (for its date).
 */
export function fetchEndNotice(
	job: ApiJob,
	fetched: ApiBackup | null
): JobEndNotice {
	if ( job.status === 'failed' ) {
		return failed(
			job,
			__(
				'The backup could not be fetched from off-site storage.',
				'site-backups'
			)
		);
	}
	if ( job.status !== 'done' ) {
		return {
			status: 'info',
			snackbar: true,
			content: __(
				'Fetching the backup was cancelled. It is still kept off-site.',
				'site-backups'
			),
		};
	}
	// Pinned: it tells the admin what to do next.
	return {
		status: 'success',
		snackbar: false,
		content: fetched
			? sprintf(
					/* translators: %s: date and time of the backup. */
					__(
						'The backup of %s is on this server now: you can download it.',
						'site-backups'
					),
					formatSiteMoment( fetched.created )
				)
			: __(
					'The backup is on this server now: you can download it.',
					'site-backups'
				),
	};
}

function restoredSentence(
	target: string,
	restored: ApiBackup | null
): string {
	if ( ! restored ) {
		return sprintf(
			/* translators: %s: environment name, such as Production. */
			__( '%s was restored.', 'site-backups' ),
			target
		);
	}
	const when = formatSiteMoment( restored.created );
	const source = environmentLabel( restored.environment );
	if ( source === target ) {
		return sprintf(
			/* translators: 1: environment name, such as Production, 2: date and time of the backup. */
			__( '%1$s was restored to the backup of %2$s.', 'site-backups' ),
			target,
			when
		);
	}
	return sprintf(
		/* translators: 1: environment restored into, 2: environment the backup is of, 3: date and time of the backup. */
		__( '%1$s was restored from the %2$s backup of %3$s.', 'site-backups' ),
		target,
		source,
		when
	);
}

/**
 * An error that stays until dismissed: the job's own message, else a
 * plain sentence.
 *
 * @param job      The failed job.
 * @param fallback What to say when the job has no message.
 */
function failed( job: ApiJob, fallback: string ): JobEndNotice {
	return {
		status: 'error',
		snackbar: false,
		content: job.message || fallback,
	};
}
