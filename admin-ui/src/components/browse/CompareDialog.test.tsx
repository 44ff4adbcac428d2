import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch, { type APIFetchOptions } from '@wordpress/api-fetch';

import type {
	ApiChangeSummary,
	ApiFileChange,
	ApiTableChange,
} from '../../api/browse';
import type { FakeApi } from '../../test-utils/fake-api';
import { backup, environment, settings } from '../../test-utils/fixtures';
import { renderWithRegistry } from '../../test-utils/render';
import { findRow, openScreen } from '../../test-utils/screen';
import { withSiteDate } from '../../test-utils/site-date';
import { withWindowWidth } from '../../test-utils/viewport';
import { App } from '../App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const newest = backup( {
	id: 'c'.repeat( 26 ),
	note: 'After the plugin update',
	created: '2026-11-26T10:00:00+00:00',
} );
const before = backup( {
	id: 'b'.repeat( 26 ),
	note: 'Before the plugin update',
	created: '2026-11-25T10:00:00+00:00',
} );
const oldest = backup( {
	id: 'a'.repeat( 26 ),
	note: 'First',
	created: '2026-11-24T10:00:00+00:00',
} );

function summary(
	overrides: Partial< ApiChangeSummary > = {}
): ApiChangeSummary {
	return {
		areas: [
			{
				area: 'wp-content/plugins',
				added: 0,
				changed: 14,
				removed: 0,
				bytes_added: 0,
				bytes_removed: 0,
			},
			{
				area: 'wp-content/uploads',
				added: 2,
				changed: 0,
				removed: 0,
				bytes_added: 0,
				bytes_removed: 0,
			},
		],
		added: 2,
		changed: 14,
		removed: 0,
		php_in_uploads: {
			count: 2,
			paths: [
				{ path: 'wp-content/uploads/2026/11/wp-login.php' },
				{ path: 'wp-content/uploads/cache.phtml' },
			],
		},
		tables: { added: 0, changed: 3, removed: 0 },
		...overrides,
	};
}

function fileChange(
	path: string,
	overrides: Partial< ApiFileChange > = {}
): ApiFileChange {
	return {
		path,
		kind: 'changed',
		type_before: 'file',
		type_after: 'file',
		fields: [ 'size', 'content' ],
		size_before: 1024,
		size_after: 3072,
		mtime_before: Date.UTC( 2026, 10, 25, 9, 0 ) / 1000,
		mtime_after: Date.UTC( 2026, 10, 26, 9, 0 ) / 1000,
		mode_before: '0644',
		mode_after: '0644',
		area: 'wp-content/plugins',
		php_in_uploads: false,
		...overrides,
	} as ApiFileChange;
}

function tableChange( name: string, differing: number ): ApiTableChange {
	return {
		name,
		kind: 'changed',
		schema_changed: false,
		ranges_before: 4,
		ranges_after: 4,
		ranges_only_before: differing,
		ranges_only_after: differing,
		ranges_differing: differing,
		bytes_before: 4096,
		bytes_after: 8192,
		auto_increment_before: null,
		auto_increment_after: null,
		data_length_before: null,
		data_length_after: null,
		rows_before: null,
		rows_after: null,
		row_delta: null,
	};
}

let api: FakeApi;

function argOf( options: APIFetchOptions, name: string ): string {
	const value = new RegExp( `[?&]${ name }=([^&]*)` ).exec(
		options.path ?? ''
	)?.[ 1 ];
	return value ? decodeURIComponent( value ) : '';
}

/**
 * Serves the site with three backups; the changes of the newest since the
 * one before come in two pages, since the oldest in one.
 */
function serveSite() {
	api.on( 'GET', '/environments', () => [ environment() ] );
	api.on( 'GET', '/settings', () => settings );
	api.on( 'GET', '/jobs', () => [] );
	api.on( 'GET', '/backups', () => [ newest, before, oldest ] );
	api.on( 'GET', '/backups/:id/changes', ( options ) => {
		const since = argOf( options, 'since' ) || before.id;
		if ( since === oldest.id ) {
			return {
				backup: newest.id,
				since,
				summary: summary( {
					areas: [],
					php_in_uploads: { count: 0, paths: [] },
					tables: { added: 1, changed: 0, removed: 0 },
				} ),
				files: [],
				next: null,
			};
		}
		return argOf( options, 'after' ) === ''
			? {
					backup: newest.id,
					since,
					summary: summary(),
					files: [
						fileChange( 'wp-content/plugins/shop/shop.php' ),
						fileChange( 'wp-content/uploads/2026/11/wp-login.php', {
							kind: 'added',
							type_before: null,
							size_before: null,
							mtime_before: null,
							mode_before: null,
							area: 'wp-content/uploads',
							php_in_uploads: true,
						} ),
					],
					next: 'wp-content/uploads/2026/11/wp-login.php',
				}
			: {
					backup: newest.id,
					since,
					summary: null,
					files: [
						fileChange( 'wp-content/plugins/shop/readme.txt' ),
					],
					next: null,
				};
	} );
	api.on( 'GET', '/backups/:id/changes/tables', () => ( {
		backup: newest.id,
		since: before.id,
		items: [ tableChange( 'wp_options', 1 ), tableChange( 'wp_posts', 3 ) ],
		next: null,
	} ) );
}

async function openCompare( user: ReturnType< typeof userEvent.setup > ) {
	const row = await findRow( 'After the plugin update' );
	await user.click(
		within( row ).getByRole( 'button', {
			name: /^Compare with… \(the backup of/,
		} )
	);
	return screen.findByRole( 'dialog', { name: /^Changes in the backup of/ } );
}

withSiteDate( 'UTC' );

beforeEach( () => {
	( apiFetch as unknown as jest.Mock ).mockClear();
	api = openScreen();
} );

describe( 'Compare with…', () => {
	withWindowWidth( 1600 );

	it( 'says in words what changed since the recovery point before, PHP in uploads first', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openCompare( user );
		const list = (
			await within( dialog ).findByText( '3 tables changed' )
		).closest( 'ul' ) as HTMLElement;
		expect(
			within( list )
				.getAllByRole( 'listitem' )
				.map( ( item ) => item.textContent )
		).toEqual( [
			'14 files changed in wp-content/plugins',
			'2 files added in wp-content/uploads',
			'2 new PHP files in uploads',
			'3 tables changed',
		] );
		const warning = within( dialog )
			.getByText( /^2 PHP files appeared in the uploads folder\./ )
			.closest( '.notice' ) as HTMLElement;
		expect( warning ).toHaveClass( 'notice-warning' );
		expect( warning ).toHaveTextContent(
			'wp-content/uploads/2026/11/wp-login.php'
		);
		expect( warning ).toHaveTextContent( 'wp-content/uploads/cache.phtml' );
		// The one before is chosen, the earlier ones offered.
		const compared = within( dialog ).getByRole( 'combobox', {
			name: 'Compared with',
		} );
		expect( compared ).toHaveValue( before.id );
		expect(
			within( compared )
				.getAllByRole( 'option' )
				.map( ( option ) => option.textContent )
		).toEqual( [
			'25 November 2026 10:00:00 — Before the plugin update',
			'24 November 2026 10:00:00 — First',
		] );
	} );

	it( 'lists the file changes a page at a time, the PHP file in uploads marked, and the tables', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openCompare( user );
		const [ files ] = ( await within( dialog ).findAllByRole(
			'table'
		) ) as [ HTMLElement ];
		const shop = within( files )
			.getByText( 'wp-content/plugins/shop/shop.php' )
			.closest( 'tr' ) as HTMLElement;
		expect(
			within( shop )
				.getAllByRole( 'cell' )
				.map( ( cell ) => cell.textContent )
		).toEqual( [
			'wp-content/plugins/shop/shop.php',
			'Changed',
			'1.0 KB',
			'3.0 KB',
			'25 November 2026 09:00',
			'26 November 2026 09:00',
		] );
		const php = within( files )
			.getByText( 'wp-content/uploads/2026/11/wp-login.php' )
			.closest( 'tr' ) as HTMLElement;
		expect( php ).toHaveTextContent( 'PHP file in uploads' );
		expect( php ).toHaveTextContent( 'Added' );
		expect( shop ).not.toHaveTextContent( 'PHP file in uploads' );

		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Show more' } )
		);
		expect(
			await within( dialog ).findByText(
				'wp-content/plugins/shop/readme.txt'
			)
		).toBeInTheDocument();
		expect(
			within( dialog ).queryByRole( 'button', { name: 'Show more' } )
		).not.toBeInTheDocument();
		const afters = api.calls
			.filter( ( call ) => call.path.endsWith( '/changes' ) )
			.map( ( call ) => call.path );
		expect( afters ).toHaveLength( 2 );

		const options = within( dialog )
			.getByText( 'wp_options' )
			.closest( 'tr' ) as HTMLElement;
		expect( options ).toHaveTextContent( '1 key range differs' );
		const posts = within( dialog )
			.getByText( 'wp_posts' )
			.closest( 'tr' ) as HTMLElement;
		expect( posts ).toHaveTextContent( '3 key ranges differ' );
		// The third column holds key ranges and the row count's change, not a number of rows.
		const tables = within( dialog ).getByRole( 'region', {
			name: 'Tables that changed',
		} );
		expect(
			within( tables )
				.getAllByRole( 'columnheader' )
				.map( ( heading ) => heading.textContent )
		).toEqual( [
			'Table',
			'Change',
			'Difference',
			'Size before',
			'Size after',
		] );
	} );

	it( 'compares with another recovery point when one is chosen', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const dialog = await openCompare( user );
		await within( dialog ).findByText( '3 tables changed' );
		await user.selectOptions(
			within( dialog ).getByRole( 'combobox', {
				name: 'Compared with',
			} ),
			oldest.id
		);
		expect(
			await within( dialog ).findByText( '1 table added' )
		).toBeTruthy();
		expect(
			within( dialog ).queryByText( /PHP files appeared/ )
		).not.toBeInTheDocument();
		const sinces = ( apiFetch as unknown as jest.Mock ).mock.calls
			.map( ( [ options ] ) => options as APIFetchOptions )
			.filter( ( options ) =>
				( options.path ?? '' ).includes( '/changes?' )
			)
			.map( ( options ) => argOf( options, 'since' ) );
		expect( sinces ).toEqual( [ '', oldest.id ] );
	} );

	describe( 'where the actions are a menu', () => {
		withWindowWidth( 1024 );

		it( 'opens Browse and Compare from the row’s menu', async () => {
			serveSite();
			api.on( 'GET', '/backups/:id/files', () => ( {
				folder: '',
				items: [],
				next: null,
			} ) );
			const user = userEvent.setup();
			renderWithRegistry( <App /> );
			const row = await findRow( 'After the plugin update' );
			await user.click(
				within( row ).getByRole( 'button', { name: /^Actions for/ } )
			);
			await user.click(
				await screen.findByRole( 'menuitem', {
					name: /^Browse the files and tables of the backup of/,
				} )
			);
			const browse = await screen.findByRole( 'dialog', {
				name: /^Browse the backup of/,
			} );
			expect(
				await within( browse ).findByText( 'This folder is empty.' )
			).toBeInTheDocument();
			await user.click(
				within( browse ).getByRole( 'button', { name: 'Close' } )
			);
			await waitFor( () =>
				expect( screen.queryByRole( 'dialog' ) ).toBeNull()
			);
			await user.click(
				within( row ).getByRole( 'button', { name: /^Actions for/ } )
			);
			await user.click(
				await screen.findByRole( 'menuitem', {
					name: /^Compare with… \(the backup of/,
				} )
			);
			expect(
				await screen.findByRole( 'dialog', {
					name: /^Changes in the backup of/,
				} )
			).toBeInTheDocument();
		} );
	} );
} );
