import type { EnvironmentName } from '../api/types';
import type { Action, BackupListState, State } from './types';

export const PER_PAGE = 20;

const emptyList = (): BackupListState => ( {
	status: 'idle',
	page: 1,
	trigger: '',
	items: [],
	total: 0,
	totalPages: 0,
	error: '',
} );

export const initialState: State = {
	environments: { status: 'idle', items: [], error: '' },
	backups: { production: emptyList(), staging: emptyList() },
	job: null,
	settings: null,
	creating: false,
};

function updateList(
	state: State,
	environment: EnvironmentName,
	change: Partial< BackupListState >
): State {
	return {
		...state,
		backups: {
			...state.backups,
			[ environment ]: { ...state.backups[ environment ], ...change },
		},
	};
}

export function reducer( state: State = initialState, action: Action ): State {
	switch ( action.type ) {
		case 'ENVIRONMENTS_LOADING':
			return {
				...state,
				environments: { ...state.environments, status: 'loading' },
			};
		case 'ENVIRONMENTS_LOADED':
			return {
				...state,
				environments: {
					status: 'ready',
					items: action.items,
					error: '',
				},
			};
		case 'ENVIRONMENTS_FAILED':
			return {
				...state,
				environments: {
					...state.environments,
					status: 'error',
					error: action.error,
				},
			};
		case 'BACKUPS_LOADING':
			return updateList( state, action.environment, {
				status: 'loading',
				page: action.page,
				trigger: action.trigger,
				error: '',
			} );
		case 'BACKUPS_LOADED':
			return updateList( state, action.environment, {
				status: 'ready',
				items: action.items,
				total: action.total,
				totalPages: action.totalPages,
			} );
		case 'BACKUPS_FAILED':
			return updateList( state, action.environment, {
				status: 'error',
				error: action.error,
			} );
		case 'BACKUP_REMOVED': {
			const list = state.backups[ action.environment ];
			return updateList( state, action.environment, {
				items: list.items.filter( ( item ) => item.id !== action.id ),
				total: Math.max( 0, list.total - 1 ),
			} );
		}
		case 'JOB_RECEIVED':
			return { ...state, job: action.job };
		case 'CREATING':
			return { ...state, creating: action.creating };
		case 'SETTINGS_LOADED':
			return { ...state, settings: action.settings };
		default:
			return state;
	}
}
