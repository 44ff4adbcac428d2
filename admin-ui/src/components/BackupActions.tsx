import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

import { notVerifiedExplanation, type BackupRow } from '../api/normalize';
import { DownloadButton } from './DownloadButton';
import { FetchButton } from './FetchButton';

interface Props {
	row: BackupRow;
	/** Why no job can start now; '' when one can. */
	busyReason: string;
	/** The backup being fetched from off-site storage, if any. */
	fetchingId: string | null;
	onDetails: ( row: BackupRow ) => void;
	onRestore: ( row: BackupRow ) => void;
	onFetch: ( row: BackupRow ) => Promise< unknown >;
	onDelete: ( row: BackupRow ) => void;
}

/**
 * Why the server refuses an action on a backup; '' when it accepts it.
 *
 * @param row     The backup.
 * @param allowed Whether the server accepts the action, as it said.
 */
function refusal( row: BackupRow, allowed: boolean ): string {
	if ( allowed ) {
		return '';
	}
	return row.verified
		? __(
				'The server does not accept this for this backup.',
				'site-backups'
			)
		: notVerifiedExplanation();
}

/**
 * What can be done with one backup: details, restore, download (fetched
 * first when it is kept only off-site), and delete. Each is offered as the
 * server decides for this backup (it deletes only this server's copies; it
 * restores, fetches or downloads only a verified one): a refused button says
 * why.
 *
 * @param props            Component props.
 * @param props.row        The backup.
 * @param props.busyReason Why it cannot be fetched now ('' when it can).
 * @param props.fetchingId The backup being fetched, if any.
 * @param props.onDetails  Opens its details.
 * @param props.onRestore  Asks to restore it.
 * @param props.onFetch    Starts fetching it from off-site storage.
 * @param props.onDelete   Asks to delete it.
 */
export function BackupActions( {
	row,
	busyReason,
	fetchingId,
	onDetails,
	onRestore,
	onFetch,
	onDelete,
}: Props ) {
	const restoreRefused = refusal( row, row.canRestore );
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
				disabled={ restoreRefused !== '' }
				accessibleWhenDisabled
				describedBy={ restoreRefused || undefined }
				label={ sprintf(
					/* translators: %s: date of the backup. */
					__( 'Restore the backup of %s…', 'site-backups' ),
					row.createdLabel
				) }
			>
				{ __( 'Restore…', 'site-backups' ) }
			</Button>
			{ row.offsiteOnly ? (
				<FetchButton
					row={ row }
					busyReason={ refusal( row, row.canFetch ) || busyReason }
					fetching={ fetchingId === row.id }
					onFetch={ onFetch }
				/>
			) : (
				<DownloadButton
					row={ row }
					refused={ refusal( row, row.canDownload ) }
				/>
			) }
			{ row.canDelete && (
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
