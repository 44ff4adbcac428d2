import type { ReactNode } from 'react';

import { classNames } from './class-names';
import { Notice, type NoticeAction, type NoticeStatus } from './Notice';
import type { Politeness } from './use-spoken-message';

/** A notice of the notices store, as the lists show it. */
export interface ListedNotice {
	id: string;
	content: ReactNode;
	status?: NoticeStatus;
	isDismissible?: boolean;
	spokenMessage?: string | null;
	politeness?: Politeness;
	actions?: NoticeAction[];
	className?: string;
}

interface Props {
	notices: ListedNotice[];
	/** Removes the notice with this id. */
	onRemove: ( id: string ) => void;
	className?: string;
}

/**
 * Notices that stay until they are dismissed, the newest first.
 *
 * @param props           Component props.
 * @param props.notices   The notices.
 * @param props.onRemove  Removes one.
 * @param props.className Extra class names.
 */
export function NoticeList( { notices, onRemove, className }: Props ) {
	return (
		<div className={ classNames( 'site-backups-notice-list', className ) }>
			{ [ ...notices ].reverse().map( ( { id, content, ...notice } ) => (
				<Notice
					key={ id }
					{ ...notice }
					onRemove={ () => onRemove( id ) }
				>
					{ content }
				</Notice>
			) ) }
		</div>
	);
}
