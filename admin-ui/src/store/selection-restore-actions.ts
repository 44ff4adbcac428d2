/**
 * Restoring only some files, folders or tables of a backup, chosen while
 * browsing it: the job is then followed like a full restore's.
 */
import { restoreSelection as apiRestoreSelection } from '../api/browse';
import type { SelectionRestoreRequest } from '../api/browse';
import { toApiError } from '../api/client';
import type { RestoreOutcome } from './job-actions';
import { reportJobRefused, type Thunk } from './thunk';

/**
 * @param id   The backup.
 * @param body The paths or tables to restore.
 */
export const restoreSelection =
	( id: string, body: SelectionRestoreRequest ): Thunk =>
	async ( { dispatch, registry } ): Promise< RestoreOutcome > => {
		try {
			const job = await apiRestoreSelection( id, body );
			dispatch( { type: 'JOB_RECEIVED', job } );
			return { status: 'started' };
		} catch ( error ) {
			const apiError = toApiError( error );
			if ( apiError.status === 400 ) {
				return { status: 'invalid', message: apiError.message };
			}
			reportJobRefused( { dispatch, registry }, apiError, {
				id: 'site-backups-restore',
			} );
			return { status: 'failed' };
		}
	};
