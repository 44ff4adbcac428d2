import { useDispatch, useSelect } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';

import { JOB_NOTICE_CLASS, JOB_NOTICE_ID } from '../focus-job-outcome';
import { NoticeList, SnackbarList } from './ui';

/**
 * The screen's notices: errors stay at the top, confirmations pop up below.
 * A notice is spoken unless its creator says it itself; the one saying how
 * a job ended can take focus.
 */
export function Notices() {
	const notices = useSelect(
		( select ) => select( noticesStore ).getNotices(),
		[]
	);
	const { removeNotice } = useDispatch( noticesStore );
	// The notices store allows any status string; the components want theirs.
	const toProps = ( notice: ( typeof notices )[ number ] ) => ( {
		id: notice.id,
		content: notice.content,
		status: notice.status as 'error' | 'info' | 'warning' | 'success',
		isDismissible: notice.isDismissible,
		spokenMessage: notice.spokenMessage,
		// The screen's notices act by click, never by link.
		actions: notice.actions.flatMap( ( action ) =>
			action.onClick
				? [
						{
							label: action.label,
							// The store types it as any function; ours take no arguments.
							onClick: () => ( action.onClick as () => void )(),
						},
					]
				: []
		),
		className: notice.id === JOB_NOTICE_ID ? JOB_NOTICE_CLASS : undefined,
	} );
	const pinned = notices
		.filter( ( notice ) => notice.type !== 'snackbar' )
		.map( toProps );
	const snackbars = notices
		.filter( ( notice ) => notice.type === 'snackbar' )
		.map( toProps );
	return (
		<div className="site-backups__notice-area">
			<NoticeList
				className="site-backups__notices"
				notices={ pinned }
				onRemove={ removeNotice }
			/>
			<SnackbarList
				className="site-backups__snackbars"
				notices={ snackbars }
				onRemove={ removeNotice }
			/>
		</div>
	);
}
