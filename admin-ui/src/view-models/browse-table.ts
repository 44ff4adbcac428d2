/**
 * One table of a backup as the Database tab lists it.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import type { ApiTableInfo } from '../api/browse';
import { pageLocale } from '../page-data';
import { browseName, type BrowseName } from './browse-path';
import { formatBytes } from './format-size';

export interface BrowseTable {
	name: BrowseName;
	/** Its SQL's size, or the server's figure when the backup holds none. */
	sizeLabel: string;
	/** "1,204"; "—" when the backup did not count them (older backups). */
	rowsLabel: string;
	/** "3 key ranges". */
	rangesLabel: string;
	/** Why its rows were not copied; '' when they were. */
	skipped: string;
}

/**
 * @param table A table as the server listed it.
 */
export function toBrowseTable( table: ApiTableInfo ): BrowseTable {
	const size =
		table.bytes > 0 || table.data_length === null
			? table.bytes
			: table.data_length;
	return {
		name: browseName( table.name, table.name_b64 ),
		sizeLabel: formatBytes( size ),
		rowsLabel:
			table.rows === null
				? '—'
				: new Intl.NumberFormat( pageLocale() ).format( table.rows ),
		rangesLabel: sprintf(
			/* translators: %d: number of key ranges the table's rows are stored in. */
			_n( '%d key range', '%d key ranges', table.ranges, 'site-backups' ),
			table.ranges
		),
		skipped: table.skipped
			? sprintf(
					/* translators: %s: why the table's rows were not copied. */
					__( 'Rows not copied: %s', 'site-backups' ),
					table.skipped
				)
			: '',
	};
}
