import { act, renderHook, waitFor } from '@testing-library/react';
import apiFetch from '@wordpress/api-fetch';
import { createRegistry, RegistryProvider } from '@wordpress/data';
import type { ReactNode } from 'react';

import type { ApiBackup } from '../api/types';
import { store } from '../store';
import { createFakeApi } from '../test-utils/fake-api';
import { backup } from '../test-utils/fixtures';
import { useBackupList } from './use-backup-list';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const first = backup( { id: '01m8c24kk64pmvymegwwn0y3a1', note: 'Newest' } );
const second = backup( { id: '01m8c24kk64pmvymegwwn0y3a2', note: 'Older' } );

describe( 'An environment’s list', () => {
	it( 'keeps the rows shown while another page loads', async () => {
		const api = createFakeApi();
		( apiFetch as unknown as jest.Mock ).mockImplementation( api.fetch );
		let answerSecondPage: ( items: ApiBackup[] ) => void = () => {};
		api.on( 'GET', '/backups', ( _options, query ) =>
			query.get( 'page' ) === '1'
				? [ first ]
				: new Promise( ( resolve ) => {
						answerSecondPage = resolve;
					} )
		);
		// The registry's type omits register(), which every registry has.
		const registry = createRegistry() as ReturnType<
			typeof createRegistry
		> & { register: ( descriptor: unknown ) => void };
		registry.register( store );
		const wrapper = ( { children }: { children: ReactNode } ) => (
			<RegistryProvider value={ registry }>{ children }</RegistryProvider>
		);
		const { result } = renderHook(
			() => useBackupList( 'production', true ),
			{ wrapper }
		);
		expect( result.current ).toMatchObject( {
			status: 'loading',
			items: [],
		} );
		await waitFor( () => expect( result.current.status ).toBe( 'ready' ) );
		expect( result.current.items ).toEqual( [ first ] );

		act( () => {
			registry.dispatch( store ).showBackupPage( 'production', 2, '' );
		} );
		await waitFor( () =>
			expect( result.current ).toMatchObject( {
				status: 'loading',
				page: 2,
				items: [ first ],
			} )
		);

		await act( async () => answerSecondPage( [ second ] ) );
		await waitFor( () =>
			expect( result.current ).toMatchObject( {
				status: 'ready',
				page: 2,
				items: [ second ],
			} )
		);
	} );
} );
