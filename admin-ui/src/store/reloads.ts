/**
 * What the store reads again once the server's data has changed. Each marks
 * a resolver's data as stale, so what the screen shows of it is loaded again
 * (what it does not show, the next time it does), and waits for what was
 * read so far: the admin is told what changed once the screen shows it.
 */
import type { EnvironmentName } from '../api/types';
import type { Thunk } from './thunk';

const ENVIRONMENTS: EnvironmentName[] = [ 'production', 'staging' ];

/**
 * The lists of backups, every page and type: a job ended, a backup was
 * deleted, or which backups are verified changed.
 *
 * @param backToFirst An environment whose list goes back to its first page
 *                    of every type, where a new backup shows; '' for none.
 */
export const reloadBackupPages =
	( backToFirst: EnvironmentName | '' = '' ): Thunk =>
	async ( { dispatch, select, resolveSelect } ) => {
		const queryOf = ( environment: EnvironmentName ) => {
			const { page, trigger } = select.getBackupQuery( environment );
			return [ environment, page, trigger ] as const;
		};
		const read = ENVIRONMENTS.filter( ( environment ) =>
			select.hasStartedResolution( 'getBackupPage', [
				...queryOf( environment ),
			] )
		);
		if ( backToFirst !== '' ) {
			dispatch( {
				type: 'BACKUP_QUERY_CHANGED',
				environment: backToFirst,
				page: 1,
				trigger: '',
			} );
		}
		dispatch.invalidateResolutionForStoreSelector( 'getBackupPage' );
		await Promise.all(
			read.map( ( environment ) =>
				resolveSelect
					.getBackupPage( ...queryOf( environment ) )
					// The list shows why it could not be read.
					.catch( () => undefined )
			)
		);
	};

/**
 * The environments: their next backup and warnings change with a job.
 */
export const reloadEnvironments =
	(): Thunk =>
	async ( { dispatch, resolveSelect } ) => {
		dispatch.invalidateResolution( 'getEnvironments', [] );
		// The screen shows why they could not be read.
		await resolveSelect.getEnvironments().catch( () => undefined );
	};

/**
 * The settings and, with them, whether the recovery key was saved.
 */
export const reloadSettings =
	(): Thunk =>
	async ( { dispatch, select, resolveSelect } ) => {
		const keyRead = select.hasStartedResolution(
			'getRecoveryKeyStatus',
			[]
		);
		dispatch.invalidateResolution( 'getSettings', [] );
		dispatch.invalidateResolution( 'getRecoveryKeyStatus', [] );
		await Promise.all( [
			resolveSelect.getSettings(),
			keyRead ? resolveSelect.getRecoveryKeyStatus() : null,
		] );
	};

/**
 * A backup's details that could not be read: the next opening asks again.
 *
 * @param id The backup.
 */
export const reloadBackupDetails =
	( id: string ): Thunk =>
	( { dispatch } ) => {
		dispatch.invalidateResolution( 'getBackupDetails', [ id ] );
	};

/**
 * Where each environment stands: a job ended, a backup was deleted, or the
 * off-site copies changed.
 */
export const reloadStatus =
	(): Thunk =>
	async ( { dispatch, resolveSelect } ) => {
		dispatch.invalidateResolution( 'getStatus', [] );
		// The status block shows why it could not be read.
		await resolveSelect.getStatus().catch( () => undefined );
	};

/**
 * A job's story that could not be read: the next opening asks again.
 *
 * @param id The job.
 */
export const reloadJobDetails =
	( id: string ): Thunk =>
	( { dispatch } ) => {
		dispatch.invalidateResolution( 'getJobDetails', [ id ] );
	};
