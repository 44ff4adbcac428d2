import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

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
			<div className="site-backups__modal-buttons">
				<Button
					variant="tertiary"
					onClick={ onCancel }
					disabled={ busy }
				>
					{ __( 'Keep them on', 'site-backups' ) }
				</Button>
				<Button
					variant="primary"
					isDestructive
					isBusy={ busy }
					disabled={ busy }
					onClick={ onConfirm }
				>
					{ __( 'Turn off', 'site-backups' ) }
				</Button>
			</div>
		</>
	);
}
