import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import apiFetch, { type APIFetchOptions } from '@wordpress/api-fetch';
import { TextDecoder as NodeTextDecoder } from 'util';

import type { ApiFolderItem, ApiTableInfo } from '../../api/browse';
import { createFakeApi, type FakeApi } from '../../test-utils/fake-api';
import { backup, job } from '../../test-utils/fixtures';
import { renderWithRegistry } from '../../test-utils/render';
import { withSiteDate } from '../../test-utils/site-date';
import { toBackupRow } from '../../view-models/backup-row';
import { BrowseDialog } from './BrowseDialog';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

type User = ReturnType< typeof userEvent.setup >;

const BACKUP_ID = '01m8c24kk64pmvymegwwn0y3dr';
const MTIME = Date.UTC( 2026, 10, 26, 9, 0 ) / 1000;

function item(
	path: string,
	overrides: Partial< ApiFolderItem > = {}
): ApiFolderItem {
	return {
		name: path.split( '/' ).pop() as string,
		path,
		type: 'file',
		size: 2048,
		mode: '0644',
		mtime: MTIME,
		target: null,
		backed_up: true,
		reason: null,
		...overrides,
	} as ApiFolderItem;
}

function dir( path: string ): ApiFolderItem {
	return item( path, { type: 'dir', size: 0, mode: '0755' } );
}

function table( name: string, bytes: number ): ApiTableInfo {
	return {
		name,
		rows: 10,
		ranges: 2,
		bytes,
		strategy: 'range',
		key: [ 'ID' ],
		auto_increment: null,
		data_length: null,
		index_length: null,
		engine: 'InnoDB',
		skipped: null,
	};
}

/** What GET …/files/content answers: a fake Response, read as the screen reads it. */
type ContentResponse = Partial< Response >;

let api: FakeApi;
let contents: Map< string, () => ContentResponse >;
let contentPaths: string[];

/**
 * apiFetch at the edge: the file content route answers unparsed responses
 * given by path; every other route goes to the fake API.
 */
function serve() {
	api = createFakeApi();
	contents = new Map();
	contentPaths = [];
	( apiFetch as unknown as jest.Mock ).mockImplementation(
		async ( options: APIFetchOptions ) => {
			const path = options.path ?? '';
			if ( path.includes( '/files/content?' ) ) {
				const file = /[?&]path=([^&]*)/.exec( path )?.[ 1 ] ?? '';
				contentPaths.push( file );
				const answer = contents.get( file );
				if ( ! answer ) {
					throw new Error( `No content for ${ file }` );
				}
				return answer();
			}
			return api.fetch( options );
		}
	);
}

/**
 * Serves folders by their percent-encoded path, each a list of pages.
 *
 * @param folders Pages of each folder.
 */
function serveFolders( folders: Record< string, ApiFolderItem[][] > ) {
	api.on( 'GET', '/backups/:id/files', ( options ) => {
		const path = options.path ?? '';
		const folder = /[?&]path=([^&]*)/.exec( path )?.[ 1 ] ?? '';
		const after = /[?&]after=([^&]*)/.exec( path )?.[ 1 ];
		const pages = folders[ folder ] ?? [ [] ];
		const index = after ? Number( after.replace( 'page', '' ) ) : 0;
		return {
			folder,
			items: pages[ index ] ?? [],
			next: index + 1 < pages.length ? `page${ index + 1 }` : null,
		};
	} );
}

function renderDialog( environment: 'production' | 'staging' = 'production' ) {
	const onClose = jest.fn();
	const row = toBackupRow(
		backup( { id: BACKUP_ID, created: '2026-11-26T02:12:00+00:00' } ),
		new Date( '2026-11-27T00:00:00Z' )
	);
	renderWithRegistry(
		<BrowseDialog
			row={ row }
			environment={ environment }
			busyReason=""
			onClose={ onClose }
		/>
	);
	return { onClose };
}

function tree() {
	return screen.findByRole( 'tree', { name: 'Files of the backup' } );
}

/**
 * A row of the tree by the name of its path (its name goes on with its
 * size and time), or by its whole name.
 *
 * @param name The path's name, or a pattern of the whole name.
 */
async function treeItem( name: string | RegExp ) {
	const pattern =
		typeof name === 'string'
			? new RegExp(
					`^${ name.replace( /[.*+?^${}()|[\]\\]/g, '\\$&' ) }( |$)`
				)
			: name;
	return within( await tree() ).findByRole( 'treeitem', { name: pattern } );
}

async function select( user: User, name: string | RegExp ) {
	await user.click( await treeItem( name ) );
}

withSiteDate( 'Europe/Paris' );

// Browsers have it; jsdom does not.
beforeAll( () => {
	window.TextDecoder = NodeTextDecoder as unknown as typeof TextDecoder;
} );

beforeEach( () => {
	serve();
	window.siteBackupsAdmin = {
		...window.siteBackupsAdmin,
		restRoot: 'http://localhost/wp-json/',
		restNonce: 'abc123',
		siteName: 'My Shop',
	};
	URL.createObjectURL = jest.fn( () => 'blob:preview-1' );
	URL.revokeObjectURL = jest.fn();
} );

afterEach( () => {
	delete window.siteBackupsAdmin;
} );

describe( 'Browse', () => {
	it( 'lists the top folder with sizes and times, and opens a folder when it is clicked', async () => {
		serveFolders( {
			'': [ [ dir( 'wp-content' ), item( 'index.php' ) ] ],
			'wp-content': [ [ item( 'wp-content/index.php', { size: 28 } ) ] ],
		} );
		const user = userEvent.setup();
		renderDialog();
		const index = await treeItem( 'index.php' );
		expect( index ).toHaveAccessibleName(
			'index.php 2.0 KB · 26 November 2026 10:00'
		);
		const folder = await treeItem( 'wp-content' );
		expect( folder ).toHaveAttribute( 'aria-expanded', 'false' );
		await user.click( await within( folder ).findByText( 'wp-content' ) );
		expect( folder ).toHaveAttribute( 'aria-expanded', 'true' );
		const child = await treeItem(
			'index.php 28 B · 26 November 2026 10:00'
		);
		expect( child ).toHaveAttribute( 'aria-level', '2' );
		// Right after its folder's row.
		expect( folder.nextElementSibling ).toBe( child );
		const requested = api.calls
			.filter( ( call ) => call.path.endsWith( '/files' ) )
			.map( ( call ) => call.path );
		expect( requested ).toEqual( [
			`/backups/${ BACKUP_ID }/files`,
			`/backups/${ BACKUP_ID }/files`,
		] );
	} );

	it( 'loads a long folder a page at a time with "Show more"', async () => {
		serveFolders( {
			'': [ [ item( 'a.txt' ), item( 'b.txt' ) ], [ item( 'c.txt' ) ] ],
		} );
		const user = userEvent.setup();
		renderDialog();
		await treeItem( 'b.txt' );
		expect(
			within( await tree() ).queryByRole( 'treeitem', { name: 'c.txt' } )
		).not.toBeInTheDocument();
		await user.click( await treeItem( 'Show more' ) );
		await treeItem( 'c.txt' );
		expect(
			within( await tree() ).queryByRole( 'treeitem', {
				name: 'Show more',
			} )
		).not.toBeInTheDocument();
		const paths = ( apiFetch as unknown as jest.Mock ).mock.calls.map(
			( [ options ] ) => ( options as APIFetchOptions ).path
		);
		expect( paths ).toContain(
			`/site-backups/v1/backups/${ BACKUP_ID }/files?path=&after=page1&per_page=200`
		);
	} );

	it( 'shows a name that is not UTF-8 and asks for its own bytes', async () => {
		const b64 = window.btoa( 'caf\xE9' );
		serveFolders( {
			'': [
				[
					{
						...dir( 'x' ),
						name: undefined,
						path: undefined,
						name_b64: b64,
						path_b64: b64,
					} as unknown as ApiFolderItem,
				],
			],
			'caf%E9': [ [ item( 'inside.txt' ) ] ],
		} );
		const user = userEvent.setup();
		renderDialog();
		await select( user, 'caf\uFFFD' );
		await treeItem( 'inside.txt' );
		expect( api.calls.map( ( call ) => call.path ) ).toHaveLength( 2 );
		const paths = ( apiFetch as unknown as jest.Mock ).mock.calls.map(
			( [ options ] ) => ( options as APIFetchOptions ).path
		);
		expect( paths ).toContain(
			`/site-backups/v1/backups/${ BACKUP_ID }/files?path=caf%E9&per_page=200`
		);
		// A JSON body cannot name it: the folder it is in can be restored.
		const restore = screen.getByRole( 'button', {
			name: 'Restore this folder…',
		} );
		expect( restore ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( restore ).toHaveAccessibleDescription(
			'Its name is not valid UTF-8: restore the folder it is in instead.'
		);
	} );

	it( 'says why a file was left out, and offers neither its download nor its restore', async () => {
		serveFolders( {
			'': [
				[
					item( 'backup.zip', {
						backed_up: false,
						reason: 'excluded by a rule',
					} ),
				],
			],
		} );
		const user = userEvent.setup();
		renderDialog();
		const row = await treeItem( 'backup.zip' );
		expect( row ).toHaveAccessibleName(
			'backup.zip 2.0 KB · 26 November 2026 10:00 · Not in this backup: excluded by a rule'
		);
		await select( user, 'backup.zip' );
		const panel = screen.getByRole( 'region', { name: 'Selected' } );
		expect( panel ).toHaveTextContent(
			'Not in this backup: excluded by a rule'
		);
		expect(
			within( panel ).queryByRole( 'link', {
				name: 'Download this file',
			} )
		).not.toBeInTheDocument();
		expect(
			within( panel ).getByRole( 'button', {
				name: 'Restore this file…',
			} )
		).toHaveAccessibleDescription( 'This backup does not hold it.' );
		expect( contentPaths ).toEqual( [] );
	} );

	it( 'previews an image through an object URL, revoked when another file is selected', async () => {
		serveFolders( {
			'': [ [ item( 'logo.png' ), item( 'notes.bin' ) ] ],
		} );
		contents.set( 'logo.png', () => ( {
			blob: async () => new Blob( [ 'PNG' ], { type: 'image/png' } ),
		} ) );
		const user = userEvent.setup();
		renderDialog();
		await select( user, 'logo.png' );
		const image = await screen.findByRole( 'img', { name: 'logo.png' } );
		expect( image ).toHaveAttribute( 'src', 'blob:preview-1' );
		expect( URL.createObjectURL ).toHaveBeenCalledTimes( 1 );
		const download = screen.getByRole( 'link', {
			name: 'Download this file',
		} );
		expect( download ).toHaveAttribute(
			'href',
			`http://localhost/wp-json/site-backups/v1/backups/${ BACKUP_ID }/files/content?_wpnonce=abc123&path=logo.png`
		);
		await select( user, 'notes.bin' );
		expect( URL.revokeObjectURL ).toHaveBeenCalledWith( 'blob:preview-1' );
		expect(
			screen.queryByRole( 'img', { name: 'logo.png' } )
		).not.toBeInTheDocument();
		expect( contentPaths ).toEqual( [ 'logo.png' ] );
	} );

	it( 'previews the first 100 KB of a text file and reads no further', async () => {
		const chunk = ( char: string ) =>
			new Uint8Array( 60 * 1024 ).fill( char.charCodeAt( 0 ) );
		const cancel = jest.fn( async () => undefined );
		const reads = [ chunk( 'a' ), chunk( 'b' ), chunk( 'c' ) ];
		serveFolders( {
			'': [ [ item( 'debug.log', { size: 180 * 1024 } ) ] ],
		} );
		contents.set( 'debug.log', () => ( {
			body: {
				getReader: () => ( {
					read: async () => {
						const value = reads.shift();
						return value
							? { done: false, value }
							: { done: true, value: undefined };
					},
					cancel,
				} ),
			} as unknown as Response[ 'body' ],
		} ) );
		const user = userEvent.setup();
		renderDialog();
		await select( user, 'debug.log' );
		const text = await screen.findByLabelText( 'Start of the file' );
		expect( text.textContent ).toBe(
			'a'.repeat( 60 * 1024 ) + 'b'.repeat( 40 * 1024 )
		);
		expect(
			screen.getByText(
				'Only the first 100 KB are shown. Download the file to see all of it.'
			)
		).toBeInTheDocument();
		expect( cancel ).toHaveBeenCalled();
		// The third chunk was never asked for.
		expect( reads ).toHaveLength( 1 );
	} );

	it( 'restores one file after the site’s name is typed, sending only its path', async () => {
		serveFolders( {
			'': [ [ dir( 'wp-content' ) ] ],
			'wp-content': [ [ item( 'wp-content/style.css' ) ] ],
		} );
		api.on( 'POST', '/backups/:id/restore', () =>
			job( { kind: 'restore' } )
		);
		const user = userEvent.setup();
		const { onClose } = renderDialog();
		await select( user, 'wp-content' );
		await select( user, 'style.css' );
		await user.click(
			screen.getByRole( 'button', { name: 'Restore this file…' } )
		);
		const confirm = await screen.findByRole( 'dialog', {
			name: 'Restore wp-content/style.css to how it was on 26 November 2026 at 03:12?',
		} );
		expect( confirm ).toHaveTextContent(
			'The file wp-content/style.css of Production will be replaced by its copy in this backup'
		);
		expect( confirm ).toHaveTextContent(
			'A safety backup of what is replaced in Production is taken first: restoring it undoes this.'
		);
		const button = within( confirm ).getByRole( 'button', {
			name: 'Restore this file',
		} );
		expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
		await user.click( button );
		expect(
			api.calls.filter( ( call ) => call.method === 'POST' )
		).toEqual( [] );
		await user.type(
			within( confirm ).getByRole( 'textbox', {
				name: "Type the site's name, My Shop, to confirm",
			} ),
			'my shop'
		);
		await user.click( button );
		await waitFor( () => expect( onClose ).toHaveBeenCalled() );
		expect(
			api.calls.filter( ( call ) => call.method === 'POST' )
		).toEqual( [
			{
				method: 'POST',
				path: `/backups/${ BACKUP_ID }/restore`,
				data: { paths: [ 'wp-content/style.css' ] },
			},
		] );
	} );

	it( 'restores the tables checked in the Database tab, sending only their names', async () => {
		serveFolders( { '': [ [] ] } );
		api.on( 'GET', '/backups/:id/tables', () => ( {
			items: [
				table( 'wp_options', 4096 ),
				table( 'wp_posts', 3 * 1024 * 1024 ),
				table( 'wp_users', 1024 ),
			],
			next: null,
		} ) );
		api.on( 'POST', '/backups/:id/restore', () =>
			job( { kind: 'restore', environment: 'staging' } )
		);
		const user = userEvent.setup();
		const { onClose } = renderDialog( 'staging' );
		await user.click(
			await screen.findByRole( 'tab', { name: 'Database' } )
		);
		const tables = await screen.findByRole( 'table', {
			name: 'Tables of the backup',
		} );
		const posts = within( tables )
			.getByRole( 'checkbox', { name: 'wp_posts' } )
			.closest( 'tr' ) as HTMLElement;
		expect( posts ).toHaveTextContent( '3.0 MB' );
		expect( posts ).toHaveTextContent( '2 key ranges' );
		await user.click(
			within( tables ).getByRole( 'checkbox', { name: 'wp_posts' } )
		);
		await user.click(
			within( tables ).getByRole( 'checkbox', { name: 'wp_options' } )
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Restore these 2 tables…' } )
		);
		const confirm = await screen.findByRole( 'dialog', {
			name: 'Restore 2 tables to how they were on 26 November 2026 at 03:12?',
		} );
		expect( confirm ).toHaveTextContent(
			'These tables of Staging will be replaced by their copies in this backup'
		);
		// Staging: no name to type.
		expect( within( confirm ).queryByRole( 'textbox' ) ).toBeNull();
		await user.click(
			within( confirm ).getByRole( 'button', {
				name: 'Restore these tables',
			} )
		);
		await waitFor( () => expect( onClose ).toHaveBeenCalled() );
		expect(
			api.calls.filter( ( call ) => call.method === 'POST' )
		).toEqual( [
			{
				method: 'POST',
				path: `/backups/${ BACKUP_ID }/restore`,
				data: { tables: [ 'wp_posts', 'wp_options' ] },
			},
		] );
	} );

	it( 'moves through the tree with the keyboard', async () => {
		serveFolders( {
			'': [
				[ dir( 'wp-content' ), item( 'index.php' ) ],
				[ item( 'z.txt' ) ],
			],
			'wp-content': [ [ item( 'wp-content/a.php' ) ] ],
		} );
		const user = userEvent.setup();
		renderDialog();
		const folder = await treeItem( 'wp-content' );
		// One row in the tab order.
		const rows = within( await tree() ).getAllByRole( 'treeitem' );
		expect(
			rows.filter( ( row ) => row.getAttribute( 'tabindex' ) === '0' )
		).toEqual( [ folder ] );
		act( () => folder.focus() );

		await user.keyboard( '{ArrowDown}' );
		expect( await treeItem( 'index.php' ) ).toHaveFocus();
		await user.keyboard( '{ArrowUp}' );
		expect( folder ).toHaveFocus();

		await user.keyboard( '{ArrowRight}' );
		expect( folder ).toHaveAttribute( 'aria-expanded', 'true' );
		const child = await treeItem( 'a.php' );
		expect( folder ).toHaveFocus();
		await user.keyboard( '{ArrowRight}' );
		expect( child ).toHaveFocus();
		await user.keyboard( '{ArrowLeft}' );
		expect( folder ).toHaveFocus();
		await user.keyboard( '{ArrowLeft}' );
		expect( folder ).toHaveAttribute( 'aria-expanded', 'false' );

		await user.keyboard( '{End}' );
		expect( await treeItem( 'Show more' ) ).toHaveFocus();
		await user.keyboard( '{Enter}' );
		// The first row of the new page takes the place of "Show more".
		await waitFor( async () =>
			expect( await treeItem( 'z.txt' ) ).toHaveFocus()
		);

		await user.keyboard( '{Home}' );
		expect( folder ).toHaveFocus();
		await user.keyboard( '{ArrowDown}{Enter}' );
		expect( await treeItem( 'index.php' ) ).toHaveAttribute(
			'aria-selected',
			'true'
		);
		expect(
			screen.getByRole( 'region', { name: 'Selected' } )
		).toHaveTextContent( 'index.php' );
	} );
} );
