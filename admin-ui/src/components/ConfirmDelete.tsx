import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import type { BackupRow } from '../view-models/backup-row';
import { ModalButtons } from './ModalButtons';
import { Modal } from './ui';

interface Props {
	row: BackupRow;
	onConfirm: () => Promise< unknown >;
	onClose: () => void;
}

/**
 * Asks before a recovery point is deleted for good.
 *
 * @param props           Component props.
 * @param props.row       The backup to delete.
 * @param props.onConfirm Deletes it.
 * @param props.onClose   Closes the dialog.
 */
export function ConfirmDelete( { row, onConfirm, onClose }: Props ) {
	const [ busy, setBusy ] = useState( false );
	return (
		<Modal
			title={ __( 'Delete this backup?', 'site-backups' ) }
			onRequestClose={ onClose }
			size="small"
		>
			<p>
				{ sprintf(
					/* translators: %s: date of the backup. */
					__(
						'The backup of %s will be deleted. It cannot be restored afterwards.',
						'site-backups'
					),
					row.createdLabel
				) }
			</p>
			<ModalButtons
				cancelLabel={ __( 'Keep it', 'site-backups' ) }
				onCancel={ onClose }
				confirmLabel={ __( 'Delete backup', 'site-backups' ) }
				onConfirm={ async () => {
					setBusy( true );
					await onConfirm();
					onClose();
				} }
				busy={ busy }
				destructive
			/>
		</Modal>
	);
}
