/**
 * The screen's data: environments, backups per environment, the running
 * job and settings.
 */
import { createReduxStore, register } from '@wordpress/data';

import * as jobAndListActions from './actions';
import * as offsiteActions from './offsite-actions';
import { initialState, reducer } from './reducer';
import * as selectors from './selectors';

export const STORE_NAME = 'site-backups';

export const store = createReduxStore( STORE_NAME, {
	reducer,
	actions: { ...jobAndListActions, ...offsiteActions },
	selectors,
	initialState,
} );

register( store );
