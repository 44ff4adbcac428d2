import type { BackupRow } from '../view-models/backup-row';

/**
 * What made a backup, as a badge: Automatic, Manual or Safety, each in its
 * own colour; below it, what a backup of part of the site holds.
 *
 * @param props     Component props.
 * @param props.row The backup.
 */
export function TypeBadge( { row }: { row: BackupRow } ) {
	return (
		<>
			<span
				className={ `site-backups__badge site-backups__badge--${ row.trigger }` }
			>
				{ row.type }
			</span>
			{ row.scopeLabel && (
				<>
					<br />
					<span className="site-backups__muted">
						{ row.scopeLabel }
					</span>
				</>
			) }
		</>
	);
}
