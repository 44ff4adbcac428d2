import type { BackupRow } from '../view-models/backup-row';

/**
 * What made a backup, as a badge: Automatic, Manual or Safety, each in its
 * own colour.
 *
 * @param props     Component props.
 * @param props.row The backup.
 */
export function TypeBadge( { row }: { row: BackupRow } ) {
	return (
		<span
			className={ `site-backups__badge site-backups__badge--${ row.trigger }` }
		>
			{ row.type }
		</span>
	);
}
