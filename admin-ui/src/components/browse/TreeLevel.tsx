import { __ } from '@wordpress/i18n';

import type { BrowseTree } from '../../hooks/use-browse-tree';
import { itemKey, moreKey, type TreeNode } from '../../view-models/browse-tree';
import { indent, TreeRow } from './TreeRow';
import { Spinner } from '../ui';

export interface TreeLevelProps {
	/** The folder listed, percent-encoded; '' for the top. */
	folder: string;
	tree: BrowseTree;
	nodes: ReadonlyMap< string, TreeNode >;
	/** The row in the tab order. */
	focusedKey: string;
	selectedPath: string | null;
	/** Where each row's element is kept, to move the focus to it. */
	rows: Map< string, HTMLElement >;
	onFocusRow: ( key: string ) => void;
	onActivate: ( node: TreeNode ) => void;
}

/**
 * The rows of one folder of the tree, each open folder's rows right after
 * its own (a flat tree: each row says its level), then what loads more of
 * it: a row that says it is loading, or one that loads the next page (or
 * tries a failed one again). A row holds only its own text, which is its
 * name.
 *
 * @param props Component props.
 */
export function TreeLevel( props: TreeLevelProps ) {
	const { folder, tree, nodes } = props;
	const state = tree.folders[ folder ];
	if ( ! state ) {
		return null;
	}
	const more = nodes.get( moreKey( folder ) );
	const level =
		folder === '' ? 1 : ( nodes.get( itemKey( folder ) )?.depth ?? 0 ) + 1;
	const note = {
		role: 'treeitem',
		'aria-disabled': true,
		'aria-selected': false,
		'aria-level': level,
		style: { paddingInlineStart: indent( level ) },
	} as const;
	return (
		<>
			{ state.items.map( ( item ) => {
				const node = nodes.get( itemKey( item.path.encoded ) );
				if ( ! node ) {
					return null;
				}
				return (
					<TreeLevelRow key={ node.key } { ...props } node={ node } />
				);
			} ) }
			{ state.status === 'ready' && state.items.length === 0 && (
				<li { ...note } className="site-backups__muted">
					{ __( 'This folder is empty.', 'site-backups' ) }
				</li>
			) }
			{ state.status === 'loading' && ! more && (
				<li { ...note }>
					<Spinner /> { __( 'Loading…', 'site-backups' ) }
				</li>
			) }
			{ state.status === 'error' && (
				<li { ...note } className="site-backups__error">
					{ state.error }
				</li>
			) }
			{ more && <TreeRow { ...props } node={ more } /> }
		</>
	);
}

/**
 * One path's row, and an open folder's rows after it.
 *
 * @param props      Component props.
 * @param props.node The path's row.
 */
function TreeLevelRow( {
	node,
	...props
}: TreeLevelProps & { node: TreeNode } ) {
	const { tree } = props;
	const open =
		node.kind === 'item' &&
		node.item.isFolder &&
		tree.expanded.has( node.item.path.encoded );
	return (
		<>
			<TreeRow { ...props } node={ node } />
			{ open && (
				<TreeLevel { ...props } folder={ node.item.path.encoded } />
			) }
		</>
	);
}
