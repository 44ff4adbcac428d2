/**
 * One path of a backup's folder as the file tree shows it: its name, what
 * it is, its size and time, and why the backup left it out if it did.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { ApiFolderItem, ItemType } from '../api/browse';
import { browseName, type BrowseName } from './browse-path';
import { previewKind, type PreviewKind } from './browse-preview';
import { formatSiteDate } from './format-date';
import { formatBytes } from './format-size';

export interface BrowseItem {
	name: BrowseName;
	path: BrowseName;
	type: ItemType;
	isFolder: boolean;
	/** "12 KB" for a file; '' for the rest. */
	sizeLabel: string;
	modifiedIso: string;
	modifiedLabel: string;
	/** "Left out: <reason>"; '' when the backup holds it. */
	leftOut: string;
	/** A link's target, "→ target"; '' for the rest. */
	targetLabel: string;
	preview: PreviewKind;
	size: number;
}

/**
 * What a path that is neither file nor folder is, for its label.
 *
 * @param type The path's type.
 */
export function typeLabel( type: ItemType ): string {
	switch ( type ) {
		case 'dir':
			return __( 'Folder', 'site-backups' );
		case 'file':
			return __( 'File', 'site-backups' );
		case 'symlink':
			return __( 'Link', 'site-backups' );
		default:
			return __( 'Special file', 'site-backups' );
	}
}

/**
 * @param item A path of a folder, as the server listed it.
 */
export function toBrowseItem( item: ApiFolderItem ): BrowseItem {
	const modifiedIso = new Date( item.mtime * 1000 ).toISOString();
	const name = browseName( item.name, item.name_b64 );
	const isFile = item.type === 'file';
	const target = item.target_b64
		? browseName( null, item.target_b64 ).shown
		: ( item.target ?? '' );
	return {
		name,
		path: browseName( item.path, item.path_b64 ),
		type: item.type,
		isFolder: item.type === 'dir',
		sizeLabel: isFile ? formatBytes( item.size ) : '',
		modifiedIso,
		modifiedLabel: formatSiteDate( modifiedIso ),
		leftOut: item.backed_up
			? ''
			: sprintf(
					/* translators: %s: why the backup did not keep a file, such as "unreadable". */
					__( 'Not in this backup: %s', 'site-backups' ),
					item.reason ?? __( 'left out', 'site-backups' )
				),
		targetLabel:
			item.type === 'symlink'
				? sprintf(
						/* translators: %s: where a symbolic link points. */
						__( 'Link to %s', 'site-backups' ),
						target
					)
				: '',
		preview:
			isFile && item.backed_up
				? previewKind( name.shown, item.size )
				: 'none',
		size: item.size,
	};
}
