import type { BackupRow } from '../api/normalize';

/**
 * Where a backup is kept, in words: "Local", "Off-site" or
 * "Local + off-site".
 *
 * @param props     Component props.
 * @param props.row The backup.
 */
export function LocationLabel( { row }: { row: BackupRow } ) {
	return (
		<span className="site-backups__location">{ row.locationLabel }</span>
	);
}
