import apiFetch from '@wordpress/api-fetch';
import { createRegistry } from '@wordpress/data';
import { store as noticesStore } from '@wordpress/notices';

import type { EnvironmentName, Trigger } from '../api/types';
import { createFakeApi, type FakeApi } from '../test-utils/fake-api';
import { backup } from '../test-utils/fixtures';
import { store } from '.';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

let api: FakeApi;
let pagesAsked: string[];

function newRegistry() {
	// The registry's type omits register() and resolveSelect(), which every
	// registry has.
	const registry = createRegistry() as ReturnType< typeof createRegistry > & {
		register: ( descriptor: unknown ) => void;
		resolveSelect: ( descriptor: typeof store ) => {
			getBackupPage: (
				environment: EnvironmentName,
				page: number,
				trigger: Trigger | ''
			) => Promise< unknown >;
		};
	};
	registry.register( noticesStore );
	registry.register( store );
	return registry;
}

beforeEach( () => {
	api = createFakeApi();
	( apiFetch as unknown as jest.Mock ).mockImplementation( api.fetch );
	pagesAsked = [];
	api.on( 'GET', '/backups', ( _options, query ) => {
		pagesAsked.push(
			`${ query.get( 'environment' ) } ${ query.get( 'page' ) } ${
				query.get( 'trigger' ) ?? ''
			}`.trim()
		);
		return [ backup() ];
	} );
	api.on( 'DELETE', '/backups/:id', () => ( { deleted: true } ) );
} );

describe( 'Loading through the store', () => {
	it( 'asks the server for a page once, however often it is read', async () => {
		const registry = newRegistry();
		const { resolveSelect, select } = registry;
		await resolveSelect( store ).getBackupPage( 'production', 1, '' );
		select( store ).getBackupPage( 'production', 1, '' );
		await resolveSelect( store ).getBackupPage( 'production', 1, '' );
		await resolveSelect( store ).getBackupPage( 'production', 2, 'manual' );
		expect( pagesAsked ).toEqual( [
			'production 1',
			'production 2 manual',
		] );
	} );

	it( 'reads again, after a deletion, the first page of the list read, and not a list never read', async () => {
		const registry = newRegistry();
		const actions = registry.dispatch( store );
		actions.showBackupPage( 'production', 2, 'manual' );
		await registry
			.resolveSelect( store )
			.getBackupPage( 'production', 2, 'manual' );
		expect( await actions.deleteBackup( 'production', backup().id ) ).toBe(
			true
		);
		expect(
			registry.select( store ).getBackupQuery( 'production' )
		).toEqual( { page: 1, trigger: '' } );
		expect( pagesAsked ).toEqual( [
			'production 2 manual',
			'production 1',
		] );
		// The page read before is stale now: read again when shown again.
		await registry
			.resolveSelect( store )
			.getBackupPage( 'production', 2, 'manual' );
		expect( pagesAsked ).toHaveLength( 3 );
	} );
} );
