/**
 * The screen's data: environments, backups per environment, the running
 * job and settings. Selectors with a resolver load what they read the first
 * time it is read; the actions change it and mark what to read again.
 */
import { createReduxStore, register } from '@wordpress/data';

import * as backupActions from './backup-actions';
import * as jobActions from './job-actions';
import * as offsiteActions from './offsite-actions';
import { initialState, reducer } from './reducer';
import * as reloads from './reloads';
import * as resolvers from './resolvers';
import * as selectionRestoreActions from './selection-restore-actions';
import * as selectors from './selectors';

export const STORE_NAME = 'site-backups';

export const store = createReduxStore( STORE_NAME, {
	reducer,
	actions: {
		...backupActions,
		...jobActions,
		...offsiteActions,
		...reloads,
		...selectionRestoreActions,
	},
	selectors,
	resolvers,
	initialState,
} );

register( store );
