/**
 * What the admin does with an environment's list: page through it, filter
 * it, delete a backup.
 */
import { __ } from '@wordpress/i18n';

import { deleteBackup as apiDeleteBackup } from '../api/backups';
import { toApiError } from '../api/client';
import type { EnvironmentName, Trigger } from '../api/types';
import { reloadBackupPages, reloadStatus } from './reloads';
import { notice, type Thunk } from './thunk';
import type { Action } from './types';

/**
 * Shows another page or type of an environment's backups; the resolver
 * loads it unless it was loaded already.
 *
 * @param environment The environment.
 * @param page        The page, from 1.
 * @param trigger     The type shown; '' for all.
 */
export function showBackupPage(
	environment: EnvironmentName,
	page: number,
	trigger: Trigger | ''
): Action {
	return { type: 'BACKUP_QUERY_CHANGED', environment, page, trigger };
}

export const deleteBackup =
	( environment: EnvironmentName, id: string ): Thunk =>
	async ( { dispatch, registry } ) => {
		try {
			await apiDeleteBackup( id );
		} catch ( error ) {
			notice( registry ).createErrorNotice( toApiError( error ).message, {
				id: 'site-backups-delete',
			} );
			return false;
		}
		dispatch( { type: 'BACKUP_REMOVED', environment, id } );
		notice( registry ).createSuccessNotice(
			__( 'The backup was deleted.', 'site-backups' ),
			{ id: 'site-backups-delete', type: 'snackbar' }
		);
		// The pages after the deleted backup have moved up.
		await Promise.all( [
			dispatch( reloadBackupPages( environment ) ),
			dispatch( reloadStatus() ),
		] );
		return true;
	};
