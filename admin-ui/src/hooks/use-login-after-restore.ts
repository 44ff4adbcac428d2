/**
 * After a restore of the site this screen runs on, the database holds the
 * users and sessions of the backup's time, so the admin's login may be gone.
 * The first request that finds it gone sends the browser to the login page,
 * which explains why and brings the admin back here.
 */
import { useSelect } from '@wordpress/data';
import { useEffect, useRef } from '@wordpress/element';

import { onSessionEnded } from '../api/session';
import { loginUrlAfterRestore } from '../login-after-restore';
import { navigateTo } from '../navigate';
import { pageData } from '../page-data';
import { store } from '../store';

export function useLoginAfterRestore(): void {
	const restoringThisSite = useSelect(
		( select ) =>
			select( store ).isRestoringInto( pageData().currentEnvironment ),
		[]
	);
	// The listener lives across renders; it reads the latest answer here.
	const armed = useRef( restoringThisSite );
	armed.current = restoringThisSite;

	useEffect( () => {
		let leaving = false;
		return onSessionEnded( () => {
			if ( leaving || ! armed.current ) {
				return;
			}
			leaving = true;
			navigateTo(
				loginUrlAfterRestore(
					pageData().loginUrl,
					window.location.href
				)
			);
		} );
	}, [] );
}
