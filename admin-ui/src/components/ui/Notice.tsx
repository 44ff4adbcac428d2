import { useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';

import { Button } from './Button';
import { classNames } from './class-names';
import { useSpokenMessage, type Politeness } from './use-spoken-message';

export type NoticeStatus = 'error' | 'warning' | 'success' | 'info';

export interface NoticeAction {
	label: string;
	onClick: () => void;
}

interface Props {
	status?: NoticeStatus;
	/** Whether it has a button that dismisses it. */
	isDismissible?: boolean;
	/** Removes it, when its dismiss button is pressed. */
	onRemove?: () => void;
	/** Buttons under the message. */
	actions?: NoticeAction[];
	/** What screen readers are told; its text when undefined, nothing when null. */
	spokenMessage?: string | null;
	/** How urgently it is said: errors interrupt, the others wait. */
	politeness?: Politeness;
	className?: string;
	children: ReactNode;
}

function statusLabel( status: NoticeStatus ): string {
	switch ( status ) {
		case 'error':
			return __( 'Error notice', 'site-backups' );
		case 'warning':
			return __( 'Warning notice', 'site-backups' );
		case 'success':
			return __( 'Success notice', 'site-backups' );
		default:
			return __( 'Information notice', 'site-backups' );
	}
}

/**
 * A message in WordPress admin's notice box (`notice notice-error` and so
 * on), said to screen readers when it appears, with its buttons and,
 * unless told otherwise, a button that dismisses it.
 *
 * @param props               Component props.
 * @param props.status        Its kind: error, warning, success or info.
 * @param props.isDismissible Whether it can be dismissed.
 * @param props.onRemove      Removes it.
 * @param props.actions       Buttons under the message.
 * @param props.spokenMessage What screen readers are told.
 * @param props.politeness    How urgently it is said.
 * @param props.className     Extra class names.
 * @param props.children      The message.
 */
export function Notice( {
	status = 'info',
	isDismissible = true,
	onRemove,
	actions = [],
	spokenMessage,
	politeness = status === 'error' ? 'assertive' : 'polite',
	className,
	children,
}: Props ) {
	const message = useRef< HTMLDivElement >( null );
	useSpokenMessage( message, spokenMessage, politeness );
	return (
		<div
			className={ classNames(
				'notice',
				`notice-${ status }`,
				// Not moved by wp-admin's script, which moves page-level notices under the title.
				'inline',
				'site-backups-notice',
				isDismissible && 'is-dismissible',
				className
			) }
		>
			<span className="screen-reader-text">
				{ statusLabel( status ) }
			</span>
			<div ref={ message } className="site-backups-notice__message">
				{ typeof children === 'string' ? (
					<p>{ children }</p>
				) : (
					children
				) }
			</div>
			{ actions.length > 0 && (
				<p className="site-backups-notice__actions">
					{ actions.map( ( action ) => (
						<Button
							key={ action.label }
							variant="secondary"
							onClick={ action.onClick }
						>
							{ action.label }
						</Button>
					) ) }
				</p>
			) }
			{ isDismissible && (
				<button
					type="button"
					className="notice-dismiss"
					onClick={ onRemove }
				>
					<span className="screen-reader-text">
						{ __( 'Dismiss this notice', 'site-backups' ) }
					</span>
				</button>
			) }
		</div>
	);
}
