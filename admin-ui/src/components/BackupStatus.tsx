import type { BackupRow } from '../view-models/backup-row';

/**
 * How a backup ended: "Complete", or a warning badge "Complete, with skipped
 * files" with how many were skipped (its details list them).
 *
 * @param props     Component props.
 * @param props.row The backup.
 */
export function BackupStatus( { row }: { row: BackupRow } ) {
	if ( ! row.partial ) {
		return <>{ row.statusLabel }</>;
	}
	return (
		<>
			<span className="site-backups__badge site-backups__badge--partial">
				{ row.statusLabel }
			</span>
			{ row.skippedLabel && (
				<>
					<br />
					<span className="site-backups__muted">
						{ row.skippedLabel }
					</span>
				</>
			) }
		</>
	);
}
