import type { ReactNode } from 'react';

import { Button, type ButtonProps } from './Button';
import { classNames } from './class-names';

export type MenuItemProps = Omit< ButtonProps, 'variant' | 'size' | 'type' >;

/**
 * One item of a DropdownMenu: a button, or a link when it has an href. The
 * menu moves focus between its items with the arrow keys, so none of them
 * is in the Tab order.
 *
 * @param props           Component props: a button's (ui/Button.tsx).
 * @param props.className Classes added to the item.
 */
export function MenuItem( { className, ...props }: MenuItemProps ) {
	return (
		<Button
			{ ...props }
			variant="link"
			role="menuitem"
			tabIndex={ -1 }
			className={ classNames( 'site-backups-menu__item', className ) }
		/>
	);
}

/**
 * Items of a DropdownMenu that belong together.
 *
 * @param props          Component props.
 * @param props.children The items.
 */
export function MenuGroup( { children }: { children: ReactNode } ) {
	return (
		<div role="group" className="site-backups-menu__group">
			{ children }
		</div>
	);
}
