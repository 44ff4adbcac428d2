/**
 * A page of recovery points grouped by the site's day, newest first: what
 * lets an admin find "the backup from last Tuesday" among sixty.
 */
import { formatSiteDayHeading, siteDayKey } from './format-date';
import type { BackupRow } from './backup-row';

export interface BackupDay {
	/** The site's day, "2026-12-04": stable, for keys and ids. */
	key: string;
	/** "Today", "Yesterday" or "Friday, December 4, 2026". */
	heading: string;
	rows: BackupRow[];
}

/**
 * The rows in runs of one day each, in the order given (the list is newest
 * first, so each day appears once).
 *
 * @param rows The rows of a page.
 * @param now  The current time, for "Today" and "Yesterday".
 */
export function groupByDay( rows: BackupRow[], now: Date ): BackupDay[] {
	const days: BackupDay[] = [];
	for ( const row of rows ) {
		const key = siteDayKey( row.createdIso );
		const last = days[ days.length - 1 ];
		if ( last && last.key === key ) {
			last.rows.push( row );
		} else {
			days.push( {
				key,
				heading: formatSiteDayHeading( row.createdIso, now ),
				rows: [ row ],
			} );
		}
	}
	return days;
}
