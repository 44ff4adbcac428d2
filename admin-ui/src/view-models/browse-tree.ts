/**
 * The file tree of a backup as the keyboard moves through it: the folders
 * loaded so far, which are open, the rows that shows in order, and where
 * each key of the WAI-ARIA tree pattern moves or what it opens or closes.
 */
import type { BrowseItem } from './browse-item';

export type FolderStatus = 'loading' | 'ready' | 'error';

/** One folder's paths loaded so far, page after page. */
export interface FolderState {
	items: BrowseItem[];
	/** The cursor of the next page; null once all are loaded. */
	next: string | null;
	status: FolderStatus;
	error: string;
}

/** Folders by their percent-encoded path; '' is the top. */
export type Folders = Record< string, FolderState >;

export type TreeNode =
	| {
			kind: 'item';
			key: string;
			item: BrowseItem;
			depth: number;
			/** The key of the folder's row it is in; '' at the top. */
			parent: string;
	  }
	| {
			kind: 'more';
			key: string;
			/** The folder whose next page it loads. */
			folder: string;
			depth: number;
			parent: string;
	  };

export function itemKey( encodedPath: string ): string {
	return `item:${ encodedPath }`;
}

export function moreKey( folder: string ): string {
	return `more:${ folder }`;
}

/**
 * The rows the tree shows, in order: each folder's paths, the paths of the
 * open ones below them, and "Show more" where a folder has more pages (or
 * "Try again" where one failed).
 *
 * @param folders  The folders loaded so far.
 * @param expanded The encoded paths of the open folders.
 * @param folder   The folder to start from; '' for the top.
 * @param depth    Its rows' level, from 1.
 * @param parent   The key of its own row; '' for the top.
 */
export function visibleNodes(
	folders: Folders,
	expanded: ReadonlySet< string >,
	folder = '',
	depth = 1,
	parent = ''
): TreeNode[] {
	const state = folders[ folder ];
	if ( ! state ) {
		return [];
	}
	const nodes: TreeNode[] = [];
	for ( const item of state.items ) {
		const key = itemKey( item.path.encoded );
		nodes.push( { kind: 'item', key, item, depth, parent } );
		if ( item.isFolder && expanded.has( item.path.encoded ) ) {
			nodes.push(
				...visibleNodes(
					folders,
					expanded,
					item.path.encoded,
					depth + 1,
					key
				)
			);
		}
	}
	// Where a page failed, the same row tries it again; while a further
	// page loads, it stays (saying so), to keep the focus where it was.
	if ( state.status === 'error' || state.next !== null ) {
		nodes.push( {
			kind: 'more',
			key: moreKey( folder ),
			folder,
			depth,
			parent,
		} );
	}
	return nodes;
}

/** What a key press does to the tree. */
export interface TreeMove {
	/** The row to focus. */
	focus?: string;
	/** The folder to open (encoded path). */
	expand?: string;
	/** The folder to close (encoded path). */
	collapse?: string;
	/** Select the row, as a click does. */
	activate?: boolean;
}

/**
 * Where a key moves in the tree, as the WAI-ARIA tree pattern says: up and
 * down to the row before or after, Home and End to the first and last,
 * right opens a closed folder or goes into an open one, left closes an open
 * folder or goes up to the folder a row is in; Enter and Space select.
 * Null for a key the tree does not use.
 *
 * @param nodes    The rows shown.
 * @param current  The key of the focused row.
 * @param expanded The encoded paths of the open folders.
 * @param key      The key pressed (KeyboardEvent.key).
 */
export function treeKeyMove(
	nodes: TreeNode[],
	current: string,
	expanded: ReadonlySet< string >,
	key: string
): TreeMove | null {
	const at = nodes.findIndex( ( node ) => node.key === current );
	const node = nodes[ at ];
	if ( ! node ) {
		return nodes[ 0 ] ? { focus: nodes[ 0 ].key } : null;
	}
	const folder =
		node.kind === 'item' && node.item.isFolder
			? node.item.path.encoded
			: null;
	switch ( key ) {
		case 'ArrowDown':
			return { focus: ( nodes[ at + 1 ] ?? node ).key };
		case 'ArrowUp':
			return { focus: ( nodes[ at - 1 ] ?? node ).key };
		case 'Home':
			return { focus: ( nodes[ 0 ] ?? node ).key };
		case 'End':
			return { focus: ( nodes[ nodes.length - 1 ] ?? node ).key };
		case 'ArrowRight':
			if ( folder === null ) {
				return {};
			}
			if ( ! expanded.has( folder ) ) {
				return { expand: folder };
			}
			return nodes[ at + 1 ]?.parent === node.key
				? { focus: ( nodes[ at + 1 ] as TreeNode ).key }
				: {};
		case 'ArrowLeft':
			if ( folder !== null && expanded.has( folder ) ) {
				return { collapse: folder };
			}
			return node.parent ? { focus: node.parent } : {};
		case 'Enter':
		case ' ':
			return { activate: true };
		default:
			return null;
	}
}
