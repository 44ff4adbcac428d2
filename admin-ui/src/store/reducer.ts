import type { EnvironmentName, Trigger } from '../api/types';
import type { Action, BackupPage, BackupQuery, State } from './types';

export const PER_PAGE = 20;

const FIRST_PAGE: BackupQuery = { page: 1, trigger: '' };

export const initialState: State = {
	environments: null,
	backupQueries: { production: FIRST_PAGE, staging: FIRST_PAGE },
	backupPages: {},
	backupDetails: {},
	job: null,
	settings: null,
	recoveryKeyStatus: null,
	creating: false,
	status: null,
	jobDetails: {},
	undoRequest: null,
};

/**
 * Where a page of backups is kept in the state.
 *
 * @param environment The environment.
 * @param page        The page, from 1.
 * @param trigger     The type shown; '' for all.
 */
export function backupPageKey(
	environment: EnvironmentName,
	page: number,
	trigger: Trigger | ''
): string {
	return `${ environment }/${ page }/${ trigger }`;
}

/**
 * The pages loaded so far, without a deleted backup of an environment.
 *
 * @param pages       The pages.
 * @param environment The backup's environment.
 * @param id          The backup.
 */
function withoutBackup(
	pages: State[ 'backupPages' ],
	environment: EnvironmentName,
	id: string
): State[ 'backupPages' ] {
	const next: Record< string, BackupPage > = {};
	for ( const [ key, page ] of Object.entries( pages ) ) {
		const items = page.items.filter( ( item ) => item.id !== id );
		next[ key ] =
			key.startsWith( `${ environment }/` ) &&
			items.length !== page.items.length
				? { ...page, items, total: Math.max( 0, page.total - 1 ) }
				: page;
	}
	return next;
}

export function reducer( state: State = initialState, action: Action ): State {
	switch ( action.type ) {
		case 'ENVIRONMENTS_LOADED':
			return { ...state, environments: action.items };
		case 'BACKUP_PAGE_LOADED': {
			const { environment, page, trigger, items, total, totalPages } =
				action;
			return {
				...state,
				backupPages: {
					...state.backupPages,
					[ backupPageKey( environment, page, trigger ) ]: {
						items,
						total,
						totalPages,
					},
				},
			};
		}
		case 'BACKUP_QUERY_CHANGED':
			return {
				...state,
				backupQueries: {
					...state.backupQueries,
					[ action.environment ]: {
						page: action.page,
						trigger: action.trigger,
					},
				},
			};
		case 'BACKUP_REMOVED': {
			const { [ action.id ]: removed, ...backupDetails } =
				state.backupDetails;
			return {
				...state,
				backupPages: withoutBackup(
					state.backupPages,
					action.environment,
					action.id
				),
				backupDetails,
			};
		}
		case 'BACKUP_DETAILS_LOADED':
			return {
				...state,
				backupDetails: {
					...state.backupDetails,
					[ action.id ]: action.details,
				},
			};
		case 'JOB_RECEIVED':
			return { ...state, job: action.job };
		case 'CREATING':
			return { ...state, creating: action.creating };
		case 'UNDO_REQUESTED':
			return { ...state, undoRequest: action.request };
		case 'STATUS_LOADED':
			return { ...state, status: action.status };
		case 'JOB_DETAILS_LOADED':
			return {
				...state,
				jobDetails: {
					...state.jobDetails,
					[ action.job.id ]: action.job,
				},
			};
		case 'SETTINGS_LOADED':
			return { ...state, settings: action.settings };
		case 'RECOVERY_KEY_STATUS_LOADED':
			return { ...state, recoveryKeyStatus: action.status };
		default:
			return state;
	}
}
