/**
 * One environment's list of backups as its view shows it: the page and type
 * the admin asked for, read from the store (whose resolver loads it), and
 * how its loading goes. While another page loads, the rows shown before stay,
 * and with them the pager and the focus on it.
 */
import { useSelect } from '@wordpress/data';
import { useRef } from '@wordpress/element';

import type { EnvironmentName } from '../api/types';
import { store } from '../store';
import { loadErrorOf, loadFailureOf, loadStatusOf } from '../store/resolution';
import type { BackupListState, BackupPage } from '../store/types';

const NOTHING_YET: BackupPage = { items: [], total: 0, totalPages: 0 };

/**
 * @param environment The environment.
 * @param enabled     Whether to load it: not for an environment that is not
 *                    set up.
 */
export function useBackupList(
	environment: EnvironmentName,
	enabled: boolean
): BackupListState {
	const { query, page, status, error, failure } = useSelect(
		( select ) => {
			const data = select( store );
			const shown = data.getBackupQuery( environment );
			if ( ! enabled ) {
				return {
					query: shown,
					page: undefined,
					status: 'loading' as const,
					error: '',
					failure: null,
				};
			}
			const args = [ environment, shown.page, shown.trigger ] as const;
			return {
				query: shown,
				page: data.getBackupPage( ...args ),
				status: loadStatusOf( data, 'getBackupPage', [ ...args ] ),
				error: loadErrorOf( data, 'getBackupPage', [ ...args ] ),
				failure: loadFailureOf( data, 'getBackupPage', [ ...args ] ),
			};
		},
		[ environment, enabled ]
	);
	const lastPage = useRef< BackupPage >( NOTHING_YET );
	if ( page ) {
		lastPage.current = page;
	}
	return {
		...query,
		...( page ?? lastPage.current ),
		status,
		error,
		failure,
	};
}
