import { useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { FocusEvent, ReactNode, RefObject } from 'react';

import { Button } from './Button';
import { classNames } from './class-names';
import type { NoticeAction } from './Notice';
import type { ListedNotice } from './NoticeList';
import { useSpokenMessage, type Politeness } from './use-spoken-message';

/** How long a snackbar stays while nobody points at it or focuses it. */
export const SNACKBAR_MILLISECONDS = 10000;

interface SnackbarProps {
	spokenMessage?: string | null;
	politeness?: Politeness;
	actions?: NoticeAction[];
	className?: string;
	onRemove: () => void;
	/** Takes focus when a focused snackbar goes. */
	list: RefObject< HTMLDivElement >;
	children: ReactNode;
}

/**
 * One message that goes by itself after a while (not while the pointer is
 * over it or focus is in it), with its one action and a dismiss button.
 *
 * @param props               Component props.
 * @param props.spokenMessage What screen readers are told.
 * @param props.politeness    How urgently it is said.
 * @param props.actions       Its action (the first only).
 * @param props.className     Extra class names.
 * @param props.onRemove      Removes it.
 * @param props.list          The list, which takes focus when it goes.
 * @param props.children      The message.
 */
function Snackbar( {
	spokenMessage,
	politeness = 'polite',
	actions = [],
	className,
	onRemove,
	list,
	children,
}: SnackbarProps ) {
	const message = useRef< HTMLSpanElement >( null );
	const [ held, setHeld ] = useState( { pointer: false, focus: false } );
	// The latest onRemove, without restarting the timer when it changes.
	const remove = useRef( onRemove );
	useEffect( () => {
		remove.current = onRemove;
	} );
	useSpokenMessage( message, spokenMessage, politeness );
	const paused = held.pointer || held.focus;
	useEffect( () => {
		if ( paused ) {
			return;
		}
		const timer = window.setTimeout(
			() => remove.current(),
			SNACKBAR_MILLISECONDS
		);
		return () => window.clearTimeout( timer );
	}, [ paused ] );

	// Focus would fall back to the page's start: it goes to the list instead.
	const dismiss = () => {
		list.current?.focus();
		onRemove();
	};
	const action = actions[ 0 ];
	return (
		<li
			className={ classNames( 'site-backups-snackbar', className ) }
			onMouseEnter={ () =>
				setHeld( ( now ) => ( { ...now, pointer: true } ) )
			}
			onMouseLeave={ () =>
				setHeld( ( now ) => ( { ...now, pointer: false } ) )
			}
			onFocus={ () => setHeld( ( now ) => ( { ...now, focus: true } ) ) }
			onBlur={ ( event: FocusEvent< HTMLLIElement > ) => {
				if (
					! event.currentTarget.contains(
						event.relatedTarget as Node | null
					)
				) {
					setHeld( ( now ) => ( { ...now, focus: false } ) );
				}
			} }
		>
			<span ref={ message } className="site-backups-snackbar__message">
				{ children }
			</span>
			{ action && (
				<Button
					variant="link"
					className="site-backups-snackbar__action"
					onClick={ () => {
						dismiss();
						action.onClick();
					} }
				>
					{ action.label }
				</Button>
			) }
			<button
				type="button"
				className="site-backups-snackbar__dismiss"
				aria-label={ __( 'Dismiss this notice', 'site-backups' ) }
				onClick={ dismiss }
			>
				<span
					className="dashicons dashicons-no-alt"
					aria-hidden="true"
				/>
			</button>
		</li>
	);
}

interface Props {
	notices: ListedNotice[];
	/** Removes the notice with this id. */
	onRemove: ( id: string ) => void;
	className?: string;
}

/**
 * Short-lived confirmations, in a list named for screen readers; each is
 * said when it appears.
 *
 * @param props           Component props.
 * @param props.notices   The notices.
 * @param props.onRemove  Removes one.
 * @param props.className Extra class names.
 */
export function SnackbarList( { notices, onRemove, className }: Props ) {
	const list = useRef< HTMLDivElement >( null );
	return (
		<div
			ref={ list }
			tabIndex={ -1 }
			className={ classNames( 'site-backups-snackbar-list', className ) }
		>
			{ notices.length > 0 && (
				<ul aria-label={ __( 'Notifications', 'site-backups' ) }>
					{ notices.map( ( notice ) => (
						<Snackbar
							key={ notice.id }
							spokenMessage={ notice.spokenMessage }
							politeness={ notice.politeness }
							actions={ notice.actions }
							className={ notice.className }
							onRemove={ () => onRemove( notice.id ) }
							list={ list }
						>
							{ notice.content }
						</Snackbar>
					) ) }
				</ul>
			) }
		</div>
	);
}
