import { useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { KeyboardEvent } from 'react';

import type { BrowseTree } from '../../hooks/use-browse-tree';
import type { BrowseItem } from '../../view-models/browse-item';
import {
	treeKeyMove,
	visibleNodes,
	type TreeNode,
} from '../../view-models/browse-tree';
import { TreeLevel } from './TreeLevel';

interface Props {
	tree: BrowseTree;
	selected: BrowseItem | null;
	onSelect: ( item: BrowseItem ) => void;
}

/**
 * The folders and files of a backup as a WAI-ARIA tree: one row in the tab
 * order, the arrow keys, Home and End move through the rows shown, right
 * and left open and close folders, Enter and Space select. Folders load
 * when first opened; a long one a page at a time.
 *
 * @param props          Component props.
 * @param props.tree     The tree's folders and which are open.
 * @param props.selected The path selected, if any.
 * @param props.onSelect Selects a path.
 */
export function FileTree( { tree, selected, onSelect }: Props ) {
	const nodes = visibleNodes( tree.folders, tree.expanded );
	const [ focused, setFocused ] = useState( '' );
	const lastIndex = useRef( 0 );
	const rows = useRef( new Map< string, HTMLElement >() );
	const moved = useRef( false );

	// A row that went away (a page loaded where "Show more" was) hands the
	// focus to the row now in its place.
	let current = nodes.find( ( node ) => node.key === focused );
	if ( ! current ) {
		current = nodes[ Math.min( lastIndex.current, nodes.length - 1 ) ];
	}
	const currentKey = current?.key ?? '';
	const loading = Object.values( tree.folders ).some(
		( folder ) => folder.status === 'loading'
	);

	useEffect( () => {
		if ( moved.current ) {
			moved.current = false;
			rows.current.get( currentKey )?.focus();
		}
	}, [ currentKey ] );

	const focus = ( key: string ) => {
		const index = nodes.findIndex( ( node ) => node.key === key );
		lastIndex.current = Math.max( 0, index );
		setFocused( key );
	};

	const activate = ( node: TreeNode ) => {
		if ( node.kind === 'more' ) {
			// The first row of the page takes its place, and the focus.
			lastIndex.current = nodes.indexOf( node );
			setFocused( '' );
			moved.current = true;
			tree.loadMore( node.folder );
			return;
		}
		focus( node.key );
		onSelect( node.item );
		if ( node.item.isFolder ) {
			const folder = node.item.path.encoded;
			if ( tree.expanded.has( folder ) ) {
				tree.collapse( folder );
			} else {
				tree.expand( folder );
			}
		}
	};

	const onKeyDown = ( event: KeyboardEvent< HTMLUListElement > ) => {
		if ( ! current ) {
			return;
		}
		const move = treeKeyMove(
			nodes,
			current.key,
			tree.expanded,
			event.key
		);
		if ( ! move ) {
			return;
		}
		event.preventDefault();
		if ( move.activate ) {
			activate( current );
		}
		if ( move.expand !== undefined ) {
			tree.expand( move.expand );
		}
		if ( move.collapse !== undefined ) {
			tree.collapse( move.collapse );
		}
		if ( move.focus !== undefined && move.focus !== current.key ) {
			moved.current = true;
			focus( move.focus );
		}
	};

	return (
		<div className="site-backups__tree">
			<ul
				role="tree"
				aria-label={ __( 'Files of the backup', 'site-backups' ) }
				aria-busy={ loading }
				onKeyDown={ onKeyDown }
			>
				<TreeLevel
					folder=""
					tree={ tree }
					focusedKey={ currentKey }
					selectedPath={ selected?.path.encoded ?? null }
					rows={ rows.current }
					onFocusRow={ focus }
					onActivate={ activate }
					nodes={
						new Map( nodes.map( ( node ) => [ node.key, node ] ) )
					}
				/>
			</ul>
			<p className="screen-reader-text" role="status">
				{ loading ? __( 'Loading…', 'site-backups' ) : '' }
			</p>
		</div>
	);
}
