import { __ } from '@wordpress/i18n';
import type { FocusEvent } from 'react';

import type { FolderStatus, TreeNode } from '../../view-models/browse-tree';
import type { TreeLevelProps } from './TreeLevel';

type Props = Omit< TreeLevelProps, 'folder' > & {
	node: TreeNode;
};

/**
 * The mark before a folder's name: open or closed; none for the rest.
 *
 * @param isFolder Whether the row is a folder.
 * @param open     Whether it is open.
 */
function folderIcon( isFolder: boolean, open: boolean ): string {
	if ( ! isFolder ) {
		return '';
	}
	return open ? '▾' : '▸';
}

/**
 * What the row that loads more of a folder says.
 *
 * @param status How the folder's last page went.
 */
function moreLabel( status: FolderStatus | undefined ): string {
	if ( status === 'loading' ) {
		return __( 'Loading…', 'site-backups' );
	}
	return status === 'error'
		? __( 'Try again', 'site-backups' )
		: __( 'Show more', 'site-backups' );
}

/**
 * One row of the tree: a path with its size, time and, if the backup left
 * it out, why (all of it its name, as it reads on the screen); or the row
 * that loads more of a folder.
 *
 * @param props              Component props.
 * @param props.node         The row.
 * @param props.tree         The tree's folders and which are open.
 * @param props.focusedKey   The row in the tab order.
 * @param props.selectedPath The path selected, if any.
 * @param props.rows         Where each row's element is kept.
 * @param props.onFocusRow   Called when the row gets the focus.
 * @param props.onActivate   Selects the row, as a click does.
 */
export function TreeRow( {
	node,
	tree,
	focusedKey,
	selectedPath,
	rows,
	onFocusRow,
	onActivate,
}: Props ) {
	const folderState =
		node.kind === 'more' ? tree.folders[ node.folder ] : undefined;
	const shared = {
		ref: ( element: HTMLLIElement | null ) => {
			if ( element ) {
				rows.set( node.key, element );
			} else {
				rows.delete( node.key );
			}
		},
		tabIndex: node.key === focusedKey ? 0 : -1,
		'aria-level': node.depth,
		onFocus: ( event: FocusEvent< HTMLLIElement > ) => {
			if ( event.target === event.currentTarget ) {
				onFocusRow( node.key );
			}
		},
		onClick: () => onActivate( node ),
	};

	if ( node.kind === 'more' ) {
		const loading = folderState?.status === 'loading';
		return (
			<li
				{ ...shared }
				role="treeitem"
				aria-selected={ false }
				aria-disabled={ loading || undefined }
				className="site-backups__tree-more"
				style={ { paddingInlineStart: indent( node.depth ) } }
			>
				{ moreLabel( folderState?.status ) }
			</li>
		);
	}

	const { item } = node;
	const open = item.isFolder && tree.expanded.has( item.path.encoded );
	const details = [
		item.sizeLabel,
		item.modifiedLabel,
		item.targetLabel,
		item.leftOut,
	].filter( Boolean );
	return (
		<li
			{ ...shared }
			role="treeitem"
			aria-expanded={ item.isFolder ? open : undefined }
			aria-selected={ selectedPath === item.path.encoded }
			className="site-backups__tree-row"
			style={ { paddingInlineStart: indent( node.depth ) } }
		>
			<span
				className={ `site-backups__tree-icon is-${ item.type }` }
				aria-hidden="true"
			>
				{ folderIcon( item.isFolder, open ) }
			</span>
			<span className="site-backups__tree-name">{ item.name.shown }</span>{ ' ' }
			<span className="site-backups__muted site-backups__tree-details">
				{ details.join( ' · ' ) }
			</span>
		</li>
	);
}

/**
 * How far a row of a level is indented.
 *
 * @param depth The row's level, from 1.
 */
export function indent( depth: number ): string {
	return `${ 8 + ( depth - 1 ) * 20 }px`;
}
