import { __ } from '@wordpress/i18n';

import { ModalButtons } from './ModalButtons';

interface Props {
	busy: boolean;
	onConfirm: () => void;
	onCancel: () => void;
}

/**
 * Asks before off-site copies are turned off, and says what stays.
 *
 * @param props           Component props.
 * @param props.busy      Whether they are being turned off.
 * @param props.onConfirm Turns them off.
 * @param props.onCancel  Goes back to the settings.
 */
export function TurnOffOffsite( { busy, onConfirm, onCancel }: Props ) {
	return (
		<>
			<p>
				{ __(
					'New backups will no longer be copied off-site. The copies already in the bucket stay there.',
					'site-backups'
				) }
			</p>
			<ModalButtons
				cancelLabel={ __( 'Keep them on', 'site-backups' ) }
				onCancel={ onCancel }
				confirmLabel={ __( 'Turn off', 'site-backups' ) }
				onConfirm={ onConfirm }
				busy={ busy }
				destructive
			/>
		</>
	);
}
