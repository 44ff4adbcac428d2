import { useInstanceId } from '@wordpress/compose';
import { forwardRef } from '@wordpress/element';
import type {
	ForwardedRef,
	HTMLAttributes,
	MouseEvent,
	ReactNode,
} from 'react';

import { classNames } from './class-names';

export interface ButtonProps extends Omit<
	HTMLAttributes< HTMLElement >,
	'onClick'
> {
	/** WordPress admin's primary or plain button, a borderless one, or a link. */
	variant?: 'primary' | 'secondary' | 'tertiary' | 'link';
	/** Whether it destroys or replaces something: drawn in red. */
	isDestructive?: boolean;
	/** Whether what it started is still running. */
	isBusy?: boolean;
	size?: 'default' | 'compact';
	disabled?: boolean;
	/**
	 * A disabled button that stays focusable (aria-disabled), so that
	 * keyboard and screen-reader users find it and hear why.
	 */
	accessibleWhenDisabled?: boolean;
	/** Its accessible name, where the text shown says less. */
	label?: string;
	/** Read after its name, from a visually hidden element. */
	describedBy?: string;
	/** A Dashicons name, drawn before the text. */
	icon?: string;
	/** Makes it a link, unless it is disabled. */
	href?: string;
	download?: boolean | string;
	type?: 'button' | 'submit';
	onClick?: ( event: MouseEvent< HTMLElement > ) => void;
	children?: ReactNode;
}

function variantClasses(
	variant: NonNullable< ButtonProps[ 'variant' ] >,
	isDestructive: boolean
): string[] {
	if ( variant === 'link' || variant === 'tertiary' ) {
		return [
			'button-link',
			variant === 'tertiary' ? 'site-backups-button--tertiary' : '',
			isDestructive ? 'button-link-delete' : '',
		];
	}
	return [
		'button',
		variant === 'primary' ? 'button-primary' : '',
		isDestructive ? 'is-destructive' : '',
	];
}

function UnforwardedButton(
	{
		variant = 'secondary',
		isDestructive = false,
		isBusy = false,
		size = 'default',
		disabled = false,
		accessibleWhenDisabled = false,
		label,
		describedBy,
		icon,
		href,
		download,
		type = 'button',
		onClick,
		className,
		children,
		...rest
	}: ButtonProps,
	ref: ForwardedRef< HTMLButtonElement & HTMLAnchorElement >
) {
	const descriptionId = useInstanceId(
		UnforwardedButton,
		'site-backups-button-description'
	) as string;
	// Only a focusable disabled button can be clicked: it must do nothing.
	const stillFocusable = disabled && accessibleWhenDisabled;
	const classes = classNames(
		'site-backups-button',
		...variantClasses( variant, isDestructive ),
		size === 'compact' && 'button-small',
		isBusy && 'is-busy',
		stillFocusable && 'disabled',
		className
	);
	const describedByIds =
		[ rest[ 'aria-describedby' ], describedBy ? descriptionId : '' ]
			.filter( Boolean )
			.join( ' ' ) || undefined;
	const content = (
		<>
			{ icon && (
				<span
					className={ `dashicons dashicons-${ icon }` }
					aria-hidden="true"
				/>
			) }
			{ children }
		</>
	);
	const control =
		href && ! disabled ? (
			<a
				{ ...rest }
				ref={ ref }
				href={ href }
				download={ download }
				className={ classes }
				aria-label={ label }
				aria-describedby={ describedByIds }
				onClick={ onClick }
			>
				{ content }
			</a>
		) : (
			<button
				{ ...rest }
				ref={ ref }
				type={ type }
				className={ classes }
				disabled={ disabled && ! accessibleWhenDisabled }
				aria-disabled={ stillFocusable || undefined }
				aria-label={ label }
				aria-describedby={ describedByIds }
				onClick={ ( event ) => {
					if ( stillFocusable ) {
						// Nor does it submit its form.
						event.preventDefault();
						event.stopPropagation();
						return;
					}
					onClick?.( event );
				} }
			>
				{ content }
			</button>
		);
	return (
		<>
			{ control }
			{ describedBy && (
				<span id={ descriptionId } className="screen-reader-text">
					{ describedBy }
				</span>
			) }
		</>
	);
}

/**
 * A button drawn as WordPress admin draws its own (`button`,
 * `button-primary`, `button-link`), or a link that looks like one.
 */
export const Button = forwardRef( UnforwardedButton );
