import { __ } from '@wordpress/i18n';

import { useFilePreview } from '../../hooks/use-file-preview';
import type { BrowseItem } from '../../view-models/browse-item';
import { Spinner } from '../ui';

interface Props {
	backupId: string;
	item: BrowseItem;
}

/**
 * A glance at a file as the backup holds it: an image, or the start of a
 * text file.
 *
 * @param props          Component props.
 * @param props.backupId The backup.
 * @param props.item     The file.
 */
export function FilePreview( { backupId, item }: Props ) {
	const preview = useFilePreview( backupId, item.path.encoded, item.preview );
	switch ( preview.status ) {
		case 'loading':
			return (
				<p role="status">
					<Spinner /> { __( 'Loading the preview…', 'site-backups' ) }
				</p>
			);
		case 'error':
			return (
				<p className="site-backups__error" role="alert">
					{ preview.error }
				</p>
			);
		case 'image':
			return (
				<img
					className="site-backups__preview-image"
					src={ preview.url }
					alt={ item.name.shown }
				/>
			);
		case 'text':
			return (
				<>
					<pre
						className="site-backups__preview-text"
						role="region"
						// Scrollable: it must be reachable by keyboard.

						tabIndex={ 0 }
						aria-label={ __( 'Start of the file', 'site-backups' ) }
					>
						{ preview.text }
					</pre>
					{ preview.truncated && (
						<p className="site-backups__muted">
							{ __(
								'Only the first 100 KB are shown. Download the file to see all of it.',
								'site-backups'
							) }
						</p>
					) }
				</>
			);
		default:
			return null;
	}
}
