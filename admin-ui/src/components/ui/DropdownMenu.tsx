import { useEffect, useId, useRef, useState } from '@wordpress/element';
import type { KeyboardEvent, ReactNode } from 'react';

import { Button } from './Button';
import { classNames } from './class-names';

export { MenuGroup, MenuItem } from './MenuItem';

interface Props {
	/** A Dashicons name, drawn on the button that opens the menu. */
	icon: string;
	/** That button's accessible name, and the menu's. */
	label: string;
	/** Draws the items; onClose closes the menu and puts focus back on its button. */
	children: ( controls: { onClose: () => void } ) => ReactNode;
	/** The button's size. */
	toggleProps?: { size?: 'default' | 'compact' };
	/** Which edge of the button the menu lines up with. */
	popoverProps?: { placement?: 'bottom-start' | 'bottom-end' };
	className?: string;
}

/**
 * The items of an open menu that can take focus, in order.
 *
 * @param menu The menu.
 */
function itemsOf( menu: HTMLElement | null ): HTMLElement[] {
	return Array.from(
		menu?.querySelectorAll< HTMLElement >(
			'[role="menuitem"]:not(:disabled)'
		) ?? []
	);
}

/**
 * A button that opens a menu of actions below it. The arrow keys, Home and
 * End move between the items; Escape closes the menu and puts focus back on
 * the button; Tab, a click elsewhere or focus leaving closes it too.
 *
 * @param props              Component props.
 * @param props.icon         The button's Dashicons name.
 * @param props.label        The button's and the menu's accessible name.
 * @param props.children     Draws the items.
 * @param props.toggleProps  The button's size.
 * @param props.popoverProps Which edge the menu lines up with.
 * @param props.className    Classes added to the whole.
 */
export function DropdownMenu( {
	icon,
	label,
	children,
	toggleProps,
	popoverProps,
	className,
}: Props ) {
	// Closed, or open with focus on its first or last item.
	const [ open, setOpen ] = useState< false | 'first' | 'last' >( false );
	const wrapperRef = useRef< HTMLDivElement >( null );
	const toggleRef = useRef< HTMLButtonElement & HTMLAnchorElement >( null );
	const menuRef = useRef< HTMLDivElement >( null );
	const toggleId = useId();
	const menuId = useId();
	const isOpen = open !== false;

	const close = ( refocus: boolean ) => {
		setOpen( false );
		if ( refocus ) {
			toggleRef.current?.focus();
		}
	};

	useEffect( () => {
		if ( ! open ) {
			return;
		}
		const items = itemsOf( menuRef.current );
		( open === 'first' ? items[ 0 ] : items[ items.length - 1 ] )?.focus();
	}, [ open ] );

	useEffect( () => {
		if ( ! isOpen ) {
			return undefined;
		}
		// A click elsewhere closes it; focus goes where the click put it.
		const pressElsewhere = ( event: MouseEvent ) => {
			if ( ! wrapperRef.current?.contains( event.target as Node ) ) {
				setOpen( false );
			}
		};
		document.addEventListener( 'mousedown', pressElsewhere );
		return () =>
			document.removeEventListener( 'mousedown', pressElsewhere );
	}, [ isOpen ] );

	const onToggleKeyDown = ( event: KeyboardEvent< HTMLElement > ) => {
		if ( event.key === 'ArrowDown' || event.key === 'ArrowUp' ) {
			event.preventDefault();
			setOpen( event.key === 'ArrowDown' ? 'first' : 'last' );
		}
	};

	const onMenuKeyDown = ( event: KeyboardEvent< HTMLDivElement > ) => {
		const items = itemsOf( menuRef.current );
		const index = items.indexOf( event.target as HTMLElement );
		const last = items.length - 1;
		const target = {
			ArrowDown: index >= last ? 0 : index + 1,
			ArrowUp: index <= 0 ? last : index - 1,
			Home: 0,
			End: last,
		}[ event.key ];
		if ( target !== undefined ) {
			event.preventDefault();
			items[ target ]?.focus();
			return;
		}
		if ( event.key === 'Escape' ) {
			// Handled: a dialog around the menu stays open.
			event.preventDefault();
			close( true );
		} else if ( event.key === 'Tab' ) {
			// Focus moves on from the button, as if the menu had not opened.
			close( true );
		} else if (
			event.key === ' ' &&
			event.target instanceof HTMLAnchorElement
		) {
			// Space chooses a link item, as it does a button.
			event.preventDefault();
			event.target.click();
		}
	};

	return (
		<div
			ref={ wrapperRef }
			className={ classNames( 'site-backups-menu', className ) }
			onBlur={ ( event ) => {
				const next = event.relatedTarget;
				if ( next && ! wrapperRef.current?.contains( next ) ) {
					setOpen( false );
				}
			} }
		>
			<Button
				ref={ toggleRef }
				id={ toggleId }
				variant="link"
				className={ classNames(
					'site-backups-menu__toggle',
					toggleProps?.size === 'compact' && 'is-compact'
				) }
				icon={ icon }
				label={ label }
				aria-haspopup="true"
				aria-expanded={ isOpen }
				aria-controls={ isOpen ? menuId : undefined }
				onClick={ () =>
					isOpen ? close( false ) : setOpen( 'first' )
				}
				onKeyDown={ onToggleKeyDown }
			/>
			{ isOpen && (
				<div
					ref={ menuRef }
					id={ menuId }
					role="menu"
					aria-labelledby={ toggleId }
					aria-orientation="vertical"
					tabIndex={ -1 }
					className={ classNames(
						'site-backups-menu__items',
						popoverProps?.placement === 'bottom-end' &&
							'is-aligned-end'
					) }
					onKeyDown={ onMenuKeyDown }
				>
					{ children( { onClose: () => close( true ) } ) }
				</div>
			) }
		</div>
	);
}
