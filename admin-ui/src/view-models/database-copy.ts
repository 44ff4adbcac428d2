/**
 * What time a backup's database copy stands for, in words: the one moment
 * it was copied as, or the time it was copied over and what that means for
 * the tables written meanwhile.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { ApiBackupDetails } from '../api/types';
import { formatSiteDay, formatSiteTime } from './format-date';

export type DatabaseCopy = NonNullable< ApiBackupDetails[ 'database_copy' ] >;

/**
 * A time of day, with its day when that is not the day the backup began.
 *
 * @param iso      An ISO 8601 time.
 * @param began    When the backup began (ISO 8601).
 * @param toSecond Whether to show the seconds.
 */
function timeOfBackup( iso: string, began: string, toSecond: boolean ) {
	const time = formatSiteTime( iso, toSecond );
	if ( formatSiteDay( iso ) === formatSiteDay( began ) ) {
		return time;
	}
	return sprintf(
		/* translators: 1: a time of day, 2: a date. */
		__( '%1$s on %2$s', 'site-backups' ),
		time,
		formatSiteDay( iso )
	);
}

/**
 * "The database was copied as it was at 9:22:05 pm.", or the window and
 * what it means; null when the backup does not say (made before this was
 * recorded, or kept only off-site).
 *
 * @param copy  The backup's database_copy.
 * @param began When the backup began (ISO 8601).
 */
export function databaseCopyInWords(
	copy: DatabaseCopy | null | undefined,
	began: string
): string | null {
	if ( copy?.consistent && copy.moment ) {
		return sprintf(
			/* translators: %s: a time of day, to the second, such as 9:22:05 pm. */
			__( 'The database was copied as it was at %s.', 'site-backups' ),
			timeOfBackup( copy.moment, began, true )
		);
	}
	if ( copy && ! copy.consistent && copy.window ) {
		const { start, end } = copy.window;
		// Within one minute, the minutes alone would read "between 9:22 pm and 9:22 pm".
		const toSecond = formatSiteTime( start ) === formatSiteTime( end );
		return sprintf(
			/* translators: 1: when the copy began, 2: when it ended, times of day such as 9:22 pm. */
			__(
				'The database was copied between %1$s and %2$s; its tables were not all copied at the same moment, so a change saved during that time may be in some tables and missing from others.',
				'site-backups'
			),
			timeOfBackup( start, began, toSecond ),
			timeOfBackup( end, began, toSecond )
		);
	}
	return null;
}
