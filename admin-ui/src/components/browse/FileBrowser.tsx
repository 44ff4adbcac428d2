import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { BrowseTree } from '../../hooks/use-browse-tree';
import type { BrowseItem } from '../../view-models/browse-item';
import { FileDetails } from './FileDetails';
import { FileTree } from './FileTree';

interface Props {
	backupId: string;
	/** Kept by the dialog, so the folders opened stay open across tabs. */
	tree: BrowseTree;
	busyReason: string;
	/** Asks to restore one file or folder. */
	onRestore: ( item: BrowseItem ) => void;
}

/**
 * The Files tab: the tree of the backup's folders beside what is selected
 * in it.
 *
 * @param props            Component props.
 * @param props.backupId   The backup.
 * @param props.tree       Its folders loaded so far, and which are open.
 * @param props.busyReason Why nothing can be restored now.
 * @param props.onRestore  Asks to restore one file or folder.
 */
export function FileBrowser( {
	backupId,
	tree,
	busyReason,
	onRestore,
}: Props ) {
	const [ selected, setSelected ] = useState< BrowseItem | null >( null );
	return (
		<div className="site-backups__browse">
			<FileTree
				tree={ tree }
				selected={ selected }
				onSelect={ setSelected }
			/>
			{ selected ? (
				<FileDetails
					backupId={ backupId }
					item={ selected }
					busyReason={ busyReason }
					onRestore={ onRestore }
				/>
			) : (
				<p className="site-backups__muted site-backups__browse-item">
					{ __(
						'Select a file to preview it, download it or restore it on its own.',
						'site-backups'
					) }
				</p>
			) }
		</div>
	);
}
