/**
 * A backup's copy off-site, as its row says it: the backup itself can be
 * restored and downloaded whatever this says, so it is a hint, never a
 * blocking job.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { ApiBackup, OffsiteCopyState } from '../api/types';

export interface OffsiteCopyView {
	state: OffsiteCopyState;
	/** How far the copy under way is, when the server says; never 100 before it is copied. */
	percent: number | null;
	/** "Copying off-site… 40%", "Waiting to copy off-site"… */
	label: string;
}

/**
 * How far a copy is, from the bytes uploaded and about how many it uploads:
 * held below 100 until the server says it is copied (the total is an
 * estimate).
 *
 * @param done  Bytes uploaded so far.
 * @param total About how many bytes the copy uploads.
 */
function copyPercent(
	done: number | undefined,
	total: number | undefined
): number | null {
	// Past the estimate, a percentage would only sit at 99: say none.
	if ( done === undefined || ! total || total <= 0 || done > total ) {
		return null;
	}
	return Math.max( 0, Math.min( 99, Math.floor( ( done * 100 ) / total ) ) );
}

/**
 * The row's view of a backup's copy off-site; null when copies do not go
 * off-site (or the server predates copies as jobs of their own).
 *
 * @param backup The API's backup.
 */
export function offsiteCopyView( backup: ApiBackup ): OffsiteCopyView | null {
	const copy = backup.offsite_copy;
	if ( ! copy ) {
		return null;
	}
	if ( copy.state === 'copying' ) {
		const percent = copyPercent( copy.done_bytes, copy.total_bytes );
		return {
			state: 'copying',
			percent,
			label:
				percent === null
					? __( 'Copying off-site…', 'site-backups' )
					: sprintf(
							/* translators: %d: how far the copy is, in percent. */
							__( 'Copying off-site… %d%%', 'site-backups' ),
							percent
						),
		};
	}
	const labels: Record< Exclude< OffsiteCopyState, 'copying' >, string > = {
		copied: __( 'Copied off-site', 'site-backups' ),
		waiting: __( 'Waiting to copy off-site', 'site-backups' ),
		failed: __( 'Off-site copy failed', 'site-backups' ),
	};
	return {
		state: copy.state,
		percent: null,
		label: labels[ copy.state ],
	};
}
