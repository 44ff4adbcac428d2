import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import type { BackupRow } from '../api/normalize';
import { DownloadButton } from './DownloadButton';

interface Props {
	row: BackupRow;
	onDetails: ( row: BackupRow ) => void;
	onRestore: ( row: BackupRow ) => void;
	onDelete: ( row: BackupRow ) => void;
}

/**
 * What can be done with one backup: details, restore, download, and delete
 * unless it is kept only off-site (this screen deletes this server's copies).
 *
 * @param props           Component props.
 * @param props.row       The backup.
 * @param props.onDetails Opens its details.
 * @param props.onRestore Asks to restore it.
 * @param props.onDelete  Asks to delete it.
 */
export function BackupActions( {
	row,
	onDetails,
	onRestore,
	onDelete,
}: Props ) {
	return (
		<>
			<Button
				variant="tertiary"
				onClick={ () => onDetails( row ) }
				label={ sprintf(
					/* translators: %s: date of the backup. */
					__( 'Details of the backup of %s', 'site-backups' ),
					row.createdLabel
				) }
			>
				{ __( 'Details', 'site-backups' ) }
			</Button>
			<Button
				variant="tertiary"
				onClick={ () => onRestore( row ) }
				label={ sprintf(
					/* translators: %s: date of the backup. */
					__( 'Restore the backup of %s…', 'site-backups' ),
					row.createdLabel
				) }
			>
				{ __( 'Restore…', 'site-backups' ) }
			</Button>
			<DownloadButton row={ row } />
			{ ! row.offsiteOnly && (
				<Button
					variant="tertiary"
					isDestructive
					onClick={ () => onDelete( row ) }
					label={ sprintf(
						/* translators: %s: date of the backup. */
						__( 'Delete the backup of %s', 'site-backups' ),
						row.createdLabel
					) }
				>
					{ __( 'Delete', 'site-backups' ) }
				</Button>
			) }
		</>
	);
}
