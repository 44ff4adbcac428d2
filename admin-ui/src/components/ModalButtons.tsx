import type { ReactNode } from 'react';

import { Button } from './ui';

interface Props {
	cancelLabel: string;
	onCancel: () => void;
	confirmLabel: string;
	/** Left out when the button submits its form. */
	onConfirm?: () => void;
	busy: boolean;
	/** Whether confirming destroys or replaces something. */
	destructive?: boolean;
	/** Why confirming is not possible yet; '' when it is. */
	blocked?: string;
	/** The id of the line that says why (unique on the screen). */
	blockedId?: string;
	/** Buttons shown before Cancel. */
	children?: ReactNode;
}

/**
 * The foot of a dialog: Cancel, then the button that confirms, busy while
 * the request runs. A confirm button that cannot be used yet stays
 * focusable and is described by the line saying why.
 *
 * @param props              Component props.
 * @param props.cancelLabel  The cancel button's text.
 * @param props.onCancel     Cancels.
 * @param props.confirmLabel The confirm button's text.
 * @param props.onConfirm    Confirms; without it the button submits its form.
 * @param props.busy         Whether the request runs.
 * @param props.destructive  Whether confirming destroys or replaces something.
 * @param props.blocked      Why confirming is not possible yet.
 * @param props.blockedId    The id of the line that says why.
 * @param props.children     Buttons shown before Cancel.
 */
export function ModalButtons( {
	cancelLabel,
	onCancel,
	confirmLabel,
	onConfirm,
	busy,
	destructive = false,
	blocked = '',
	blockedId = 'site-backups-modal-blocked',
	children,
}: Props ) {
	return (
		<>
			<div className="site-backups__modal-buttons">
				{ children }
				<Button
					variant="tertiary"
					onClick={ onCancel }
					disabled={ busy }
				>
					{ cancelLabel }
				</Button>
				<Button
					variant="primary"
					type={ onConfirm ? 'button' : 'submit' }
					isDestructive={ destructive }
					isBusy={ busy }
					disabled={ busy || blocked !== '' }
					accessibleWhenDisabled
					aria-describedby={ blocked ? blockedId : undefined }
					onClick={ onConfirm }
				>
					{ confirmLabel }
				</Button>
			</div>
			{ blocked && (
				<p id={ blockedId } className="site-backups__busy">
					{ blocked }
				</p>
			) }
		</>
	);
}
