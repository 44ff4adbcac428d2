import type { BackupRow } from '../view-models/backup-row';
import { NotVerifiedLabel } from './NotVerifiedLabel';

/**
 * Where a backup is kept, in words: "Local", "Off-site" or
 * "Local + off-site"; how its copy off-site goes until it is there ("Copying
 * off-site… 40%"); and "Not verified" with the reason when its record in the
 * bucket cannot be trusted.
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
			{ row.offsiteCopy && row.offsiteCopy !== 'copied' && (
				<>
					<br />
					<span
						className={ `site-backups__muted site-backups__copy is-${ row.offsiteCopy }` }
					>
						{ row.offsiteCopyLabel }
					</span>
				</>
			) }
			{ ! row.verified && (
				<>
					<br />
					<NotVerifiedLabel row={ row } />
				</>
			) }
		</>
	);
}
