import type { BackupRow } from '../view-models/backup-row';
import { NotVerifiedLabel } from './NotVerifiedLabel';

/**
 * Where a backup is kept, in words: "Local", "Off-site" or
 * "Local + off-site"; and "Not verified" with the reason when its record in
 * the bucket cannot be trusted.
 *
 * @param props     Component props.
 * @param props.row The backup.
 */
export function LocationLabel( { row }: { row: BackupRow } ) {
	return (
		<>
			<span className="site-backups__location">
				{ row.locationLabel }
			</span>
			{ ! row.verified && (
				<>
					<br />
					<NotVerifiedLabel row={ row } />
				</>
			) }
		</>
	);
}
