import { createPortal, useEffect, useId, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { KeyboardEvent, ReactNode } from 'react';

import { Button } from './Button';
import { classNames } from './class-names';

/** What takes focus when a dialog opens. */
export type ModalFocusOnMount =
	boolean | 'firstElement' | 'firstContentElement';

interface Props {
	/** Shown at its top; it is also the dialog's accessible name. */
	title: string;
	/** Asked to close: by Escape, by the close button or by a click beside it. */
	onRequestClose: () => void;
	children: ReactNode;
	className?: string;
	/** 384, 512 or 840 px wide; without it, as wide as what it holds. */
	size?: 'small' | 'medium' | 'large';
	/** Whether a click beside the dialog asks to close it. */
	shouldCloseOnClickOutside?: boolean;
	/**
	 * The first element that can take focus (true, 'firstElement': the close
	 * button, first in the dialog), the first in its content
	 * ('firstContentElement'), or the dialog itself (false).
	 */
	focusOnMount?: ModalFocusOnMount;
}

/**
 * The elements of a part of the page that Tab reaches, in order.
 *
 * @param root The part of the page.
 */
function tabbables( root: HTMLElement ): HTMLElement[] {
	return Array.from(
		root.querySelectorAll< HTMLElement >(
			'a[href], button, input, select, textarea, [tabindex]'
		)
	).filter(
		( element ) =>
			element.tabIndex >= 0 &&
			! element.matches( ':disabled, [type="hidden"]' ) &&
			! element.closest( '[hidden], [inert]' )
	);
}

/**
 * Moves focus into a dialog that has just opened.
 *
 * @param dialog  The dialog.
 * @param content Its content, below the title.
 * @param where   What focusOnMount asked for.
 */
function focusInside(
	dialog: HTMLElement,
	content: HTMLElement | null,
	where: ModalFocusOnMount
) {
	if ( where === false ) {
		dialog.focus();
		return;
	}
	const first =
		( where === 'firstContentElement' && content
			? tabbables( content )[ 0 ]
			: undefined ) ?? tabbables( dialog )[ 0 ];
	( first ?? dialog ).focus();
}

/**
 * A modal dialog on the browser's own `<dialog>`, opened with showModal():
 * the page behind it is inert, focus stays inside, and it is centred. It is
 * open while it is rendered: Escape, the close button and a click beside it
 * only ask (onRequestClose), so whoever renders it stays in charge. When it
 * goes, focus goes back to the element that had it when it opened.
 *
 * @param props                           Component props.
 * @param props.title                     Its title and accessible name.
 * @param props.onRequestClose            Asked to close it.
 * @param props.children                  What it holds.
 * @param props.className                 Classes added to the dialog.
 * @param props.size                      Its width.
 * @param props.shouldCloseOnClickOutside Whether a click beside it asks to close it.
 * @param props.focusOnMount              What takes focus when it opens.
 */
export function Modal( {
	title,
	onRequestClose,
	children,
	className,
	size,
	shouldCloseOnClickOutside = true,
	focusOnMount = true,
}: Props ) {
	const dialogRef = useRef< HTMLDialogElement >( null );
	const contentRef = useRef< HTMLDivElement >( null );
	const pressedBeside = useRef( false );
	const titleId = useId();
	// Where focus goes is decided once, as the dialog opens.
	const initialFocus = useRef( focusOnMount );

	useEffect( () => {
		const dialog = dialogRef.current;
		if ( ! dialog ) {
			return undefined;
		}
		const { ownerDocument } = dialog;
		const opener = ownerDocument.activeElement;
		if ( ! dialog.open ) {
			dialog.showModal();
		}
		focusInside( dialog, contentRef.current, initialFocus.current );
		return () => {
			// The dialog has left the page by now, and the page is no longer
			// inert. Focus goes back unless something has taken it since.
			const active = ownerDocument.activeElement;
			const lost =
				! active ||
				active === ownerDocument.body ||
				dialog.contains( active );
			if ( lost && opener instanceof HTMLElement && opener.isConnected ) {
				opener.focus();
			}
		};
	}, [] );

	useEffect( () => {
		const dialog = dialogRef.current;
		if ( ! dialog ) {
			return undefined;
		}
		// The browser would close the dialog itself: the owner decides.
		const cancel = ( event: Event ) => {
			event.preventDefault();
			onRequestClose();
		};
		// A close the page could not stop (the system's back gesture, made
		// twice with nothing done in between): open again, and ask.
		const closed = () => {
			if ( dialog.isConnected && ! dialog.open ) {
				dialog.showModal();
				onRequestClose();
			}
		};
		// The dialog fills its own box, so only a click on the backdrop lands
		// on the dialog itself; a drag that starts inside does not count.
		const press = ( event: MouseEvent ) => {
			pressedBeside.current = event.target === dialog;
		};
		const click = ( event: MouseEvent ) => {
			const beside = pressedBeside.current && event.target === dialog;
			pressedBeside.current = false;
			if ( beside && shouldCloseOnClickOutside ) {
				onRequestClose();
			}
		};
		dialog.addEventListener( 'cancel', cancel );
		dialog.addEventListener( 'close', closed );
		dialog.addEventListener( 'mousedown', press );
		dialog.addEventListener( 'click', click );
		return () => {
			dialog.removeEventListener( 'cancel', cancel );
			dialog.removeEventListener( 'close', closed );
			dialog.removeEventListener( 'mousedown', press );
			dialog.removeEventListener( 'click', click );
		};
	}, [ onRequestClose, shouldCloseOnClickOutside ] );

	const escape = ( event: KeyboardEvent< HTMLDialogElement > ) => {
		// One opened from this one, or a control inside, may have handled it.
		if ( event.key !== 'Escape' || event.defaultPrevented ) {
			return;
		}
		// Handled here, the key does not make the browser close the dialog.
		event.preventDefault();
		onRequestClose();
	};

	return createPortal(
		<dialog
			ref={ dialogRef }
			className={ classNames(
				'site-backups-modal',
				size && `site-backups-modal--${ size }`,
				className
			) }
			aria-labelledby={ titleId }
			tabIndex={ -1 }
			onKeyDown={ escape }
		>
			<div className="site-backups-modal__header">
				<h2 id={ titleId } className="site-backups-modal__title">
					{ title }
				</h2>
				<Button
					variant="link"
					className="site-backups-modal__close"
					icon="no-alt"
					label={ __( 'Close', 'site-backups' ) }
					onClick={ () => onRequestClose() }
				/>
			</div>
			<div ref={ contentRef } className="site-backups-modal__content">
				{ children }
			</div>
		</dialog>,
		document.body
	);
}
