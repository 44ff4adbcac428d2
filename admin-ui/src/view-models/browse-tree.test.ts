import type { ApiFolderItem } from '../api/browse';
import { toBrowseItem } from './browse-item';
import {
	itemKey,
	moreKey,
	treeKeyMove,
	visibleNodes,
	type Folders,
} from './browse-tree';

function entry( path: string, type: 'file' | 'dir' = 'file' ) {
	return toBrowseItem( {
		name: path.split( '/' ).pop() as string,
		path,
		type,
		size: 10,
		mode: '0644',
		mtime: 0,
		target: null,
		backed_up: true,
		reason: null,
	} as ApiFolderItem );
}

const folders: Folders = {
	'': {
		items: [ entry( 'wp-content', 'dir' ), entry( 'index.php' ) ],
		next: 'index.php',
		status: 'ready',
		error: '',
	},
	'wp-content': {
		items: [ entry( 'wp-content/plugins', 'dir' ) ],
		next: null,
		status: 'ready',
		error: '',
	},
};

const open = new Set( [ 'wp-content' ] );
const nodes = visibleNodes( folders, open );
const keys = nodes.map( ( node ) => node.key );

describe( 'the file tree', () => {
	it( 'lists an open folder’s rows below it, and "Show more" where pages remain', () => {
		expect( keys ).toEqual( [
			itemKey( 'wp-content' ),
			itemKey( 'wp-content%2Fplugins' ),
			itemKey( 'index.php' ),
			moreKey( '' ),
		] );
		expect( nodes.map( ( node ) => node.depth ) ).toEqual( [ 1, 2, 1, 1 ] );
		expect( visibleNodes( folders, new Set() ) ).toHaveLength( 3 );
	} );

	it( 'offers to try a failed page again, and keeps the row while a further page loads', () => {
		const failed = visibleNodes(
			{ '': { items: [], next: null, status: 'error', error: 'x' } },
			new Set()
		);
		expect( failed.map( ( node ) => node.key ) ).toEqual( [
			moreKey( '' ),
		] );
		expect(
			visibleNodes(
				{ '': { items: [], next: null, status: 'loading', error: '' } },
				new Set()
			)
		).toEqual( [] );
		expect(
			visibleNodes(
				{
					'': {
						items: [ entry( 'a' ) ],
						next: 'a',
						status: 'loading',
						error: '',
					},
				},
				new Set()
			).map( ( node ) => node.key )
		).toEqual( [ itemKey( 'a' ), moreKey( '' ) ] );
	} );

	it( 'moves up, down, to the first and the last row', () => {
		const [ first, child, file, more ] = keys as [
			string,
			string,
			string,
			string,
		];
		expect( treeKeyMove( nodes, first, open, 'ArrowDown' ) ).toEqual( {
			focus: child,
		} );
		expect( treeKeyMove( nodes, file, open, 'ArrowUp' ) ).toEqual( {
			focus: child,
		} );
		expect( treeKeyMove( nodes, first, open, 'ArrowUp' ) ).toEqual( {
			focus: first,
		} );
		expect( treeKeyMove( nodes, child, open, 'End' ) ).toEqual( {
			focus: more,
		} );
		expect( treeKeyMove( nodes, more, open, 'Home' ) ).toEqual( {
			focus: first,
		} );
	} );

	it( 'opens, enters, closes and leaves folders with right and left', () => {
		const [ first, child, file ] = keys as [ string, string, string ];
		// Closed: right opens it.
		expect( treeKeyMove( nodes, child, open, 'ArrowRight' ) ).toEqual( {
			expand: 'wp-content%2Fplugins',
		} );
		// Open: right goes to its first row.
		expect( treeKeyMove( nodes, first, open, 'ArrowRight' ) ).toEqual( {
			focus: child,
		} );
		// Left from a row goes up to its folder.
		expect( treeKeyMove( nodes, child, open, 'ArrowLeft' ) ).toEqual( {
			focus: first,
		} );
		// Left on an open folder closes it.
		expect( treeKeyMove( nodes, first, open, 'ArrowLeft' ) ).toEqual( {
			collapse: 'wp-content',
		} );
		// A file at the top: right and left do nothing.
		expect( treeKeyMove( nodes, file, open, 'ArrowRight' ) ).toEqual( {} );
		expect( treeKeyMove( nodes, file, open, 'ArrowLeft' ) ).toEqual( {} );
	} );

	it( 'selects with Enter and Space, and leaves other keys alone', () => {
		const [ first ] = keys as [ string ];
		expect( treeKeyMove( nodes, first, open, 'Enter' ) ).toEqual( {
			activate: true,
		} );
		expect( treeKeyMove( nodes, first, open, ' ' ) ).toEqual( {
			activate: true,
		} );
		expect( treeKeyMove( nodes, first, open, 'a' ) ).toBeNull();
	} );
} );
