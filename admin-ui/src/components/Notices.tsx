import { NoticeList, SnackbarList } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';

/**
 * The screen's notices: errors stay at the top, confirmations pop up below.
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
