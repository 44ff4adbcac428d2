/**
 * A job named in a sentence: for the admin refused a new one, for the tab
 * that does not show its progress, and for screen readers when it starts.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { ApiJob } from '../api/types';
import { environmentLabel } from './environment-label';
import { formatSiteTime } from './format-date';

/**
 * "A production backup started at 9:22 pm is running."
 *
 * @param job The running job.
 */
export function runningJobSentence( job: ApiJob ): string {
	const time = formatSiteTime( job.created );
	if ( job.kind === 'restore' ) {
		return sprintf(
			/* translators: 1: environment name, such as Production, 2: time of day, such as 9:22 pm. */
			__(
				'A restore of %1$s started at %2$s is running.',
				'site-backups'
			),
			environmentLabel( job.environment ),
			time
		);
	}
	if ( job.kind === 'fetch' ) {
		return sprintf(
			/* translators: %s: time of day, such as 9:22 pm. */
			__(
				'Fetching a backup from off-site storage, started at %s, is running.',
				'site-backups'
			),
			time
		);
	}
	if ( job.kind === 'offsite' || job.environment === '' ) {
		return sprintf(
			/* translators: %s: time of day, such as 9:22 pm. */
			__(
				'A copy of the backups to off-site storage, started at %s, is running.',
				'site-backups'
			),
			time
		);
	}
	return job.environment === 'staging'
		? sprintf(
				/* translators: %s: time of day, such as 9:22 pm. */
				__(
					'A staging backup started at %s is running.',
					'site-backups'
				),
				time
			)
		: sprintf(
				/* translators: %s: time of day, such as 9:22 pm. */
				__(
					'A production backup started at %s is running.',
					'site-backups'
				),
				time
			);
}

/**
 * "A staging backup is running… (45%)": the short line on the tab that does
 * not show the job's progress.
 *
 * @param job     The running job.
 * @param percent How far it is, when known.
 */
export function runningJobLine( job: ApiJob, percent: number | null ): string {
	let line = '';
	if ( job.kind === 'restore' ) {
		line = sprintf(
			/* translators: %s: environment name, such as Production. */
			__( 'A restore of %s is running…', 'site-backups' ),
			environmentLabel( job.environment )
		);
	} else if ( job.kind === 'fetch' ) {
		line = __(
			'A backup is being fetched from off-site storage…',
			'site-backups'
		);
	} else if ( job.environment === '' ) {
		line = __( 'Backups are being copied off-site…', 'site-backups' );
	} else {
		line =
			job.environment === 'staging'
				? __( 'A staging backup is running…', 'site-backups' )
				: __( 'A production backup is running…', 'site-backups' );
	}
	if ( percent === null ) {
		return line;
	}
	return sprintf(
		/* translators: 1: what is running, such as "A staging backup is running…", 2: percent done. */
		__( '%1$s (%2$d%%)', 'site-backups' ),
		line,
		percent
	);
}

/**
 * What screen readers hear once when a job starts.
 *
 * @param job The job just started.
 */
export function jobStartSentence( job: ApiJob ): string {
	if ( job.kind === 'restore' ) {
		return sprintf(
			/* translators: %s: environment name, such as Production. */
			__( 'The restore of %s has started.', 'site-backups' ),
			environmentLabel( job.environment )
		);
	}
	if ( job.kind === 'fetch' ) {
		return __(
			'Fetching the backup from off-site storage has started.',
			'site-backups'
		);
	}
	return job.environment === 'staging'
		? __( 'The staging backup has started.', 'site-backups' )
		: __( 'The production backup has started.', 'site-backups' );
}
