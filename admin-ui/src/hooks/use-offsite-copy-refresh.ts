/**
 * Keeps the rows' off-site copy lines current: the copy runs on its own
 * after a backup, so nothing else tells the screen how far it is.
 */
import { useDispatch } from '@wordpress/data';
import { useEffect } from '@wordpress/element';

import type { ApiBackup } from '../api/types';
import { store } from '../store';

/** While a copy is under way: often enough for its percentage to move. */
export const COPYING_POLL_MILLISECONDS = 3000;
/** While copies wait (for another job, or a retry): just to see them start. */
export const WAITING_POLL_MILLISECONDS = 15000;

/**
 * Reads the lists again while a backup shown is being copied off-site, or
 * waits to be.
 *
 * @param backups The backups shown.
 */
export function useOffsiteCopyRefresh( backups: ApiBackup[] ) {
	const { reloadBackupPages } = useDispatch( store );
	const states = backups.map( ( backup ) => backup.offsite_copy?.state );
	let delay = 0;
	if ( states.includes( 'copying' ) ) {
		delay = COPYING_POLL_MILLISECONDS;
	} else if ( states.includes( 'waiting' ) ) {
		delay = WAITING_POLL_MILLISECONDS;
	}
	useEffect( () => {
		if ( delay === 0 ) {
			return undefined;
		}
		const timer = window.setTimeout( () => reloadBackupPages(), delay );
		return () => window.clearTimeout( timer );
	}, [ delay, backups, reloadBackupPages ] );
}
