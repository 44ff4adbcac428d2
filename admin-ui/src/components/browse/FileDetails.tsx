import { __ } from '@wordpress/i18n';
import type { MouseEvent } from 'react';

import { fileDownloadUrl } from '../../api/browse';
import { currentRestNonce } from '../../api/client';
import { pageData } from '../../page-data';
import { typeLabel, type BrowseItem } from '../../view-models/browse-item';
import { FilePreview } from './FilePreview';
import { Button, Notice } from '../ui';

interface Props {
	backupId: string;
	item: BrowseItem;
	/** Why nothing can be restored now; '' when it can. */
	busyReason: string;
	onRestore: ( item: BrowseItem ) => void;
}

/**
 * The download link of one file, with the REST nonce in force now.
 *
 * @param backupId    The backup.
 * @param encodedPath The file, percent-encoded.
 */
function downloadHref( backupId: string, encodedPath: string ): string {
	const { restRoot, restNonce } = pageData();
	return fileDownloadUrl(
		backupId,
		encodedPath,
		restRoot,
		currentRestNonce( restNonce )
	);
}

/**
 * Why a path cannot be restored on its own; '' when it can.
 *
 * @param item       The path.
 * @param busyReason Why nothing can be restored now.
 */
function refusal( item: BrowseItem, busyReason: string ): string {
	if ( item.leftOut ) {
		return __( 'This backup does not hold it.', 'site-backups' );
	}
	if ( item.path.text === null ) {
		return __(
			'Its name is not valid UTF-8: restore the folder it is in instead.',
			'site-backups'
		);
	}
	return busyReason;
}

/**
 * The path selected in the tree: what it is, a preview of a file, and
 * buttons to download a file or restore it (or a folder) on its own.
 *
 * @param props            Component props.
 * @param props.backupId   The backup.
 * @param props.item       The path.
 * @param props.busyReason Why nothing can be restored now.
 * @param props.onRestore  Asks to restore it.
 */
export function FileDetails( {
	backupId,
	item,
	busyReason,
	onRestore,
}: Props ) {
	const isFile = item.type === 'file';
	const refused = refusal( item, busyReason );
	const refusedId = 'site-backups-browse-refused';
	const canDownload = isFile && ! item.leftOut;
	const restorable = isFile || item.isFolder;
	return (
		<section
			className="site-backups__browse-item"
			aria-label={ __( 'Selected', 'site-backups' ) }
		>
			<h3 className="site-backups__browse-path">{ item.path.shown }</h3>
			<dl>
				<dt>{ __( 'Type', 'site-backups' ) }</dt>
				<dd>{ typeLabel( item.type ) }</dd>
				{ isFile && (
					<>
						<dt>{ __( 'Size', 'site-backups' ) }</dt>
						<dd>{ item.sizeLabel }</dd>
					</>
				) }
				<dt>{ __( 'Modified', 'site-backups' ) }</dt>
				<dd>
					<time dateTime={ item.modifiedIso }>
						{ item.modifiedLabel }
					</time>
				</dd>
				{ item.targetLabel && (
					<>
						<dt>{ __( 'Link', 'site-backups' ) }</dt>
						<dd>{ item.targetLabel }</dd>
					</>
				) }
			</dl>
			{ item.leftOut && (
				<Notice status="warning" isDismissible={ false }>
					{ item.leftOut }
				</Notice>
			) }
			{ item.preview !== 'none' && (
				<FilePreview backupId={ backupId } item={ item } />
			) }
			<div className="site-backups__browse-actions">
				{ canDownload && (
					<Button
						variant="secondary"
						href={ downloadHref( backupId, item.path.encoded ) }
						// The nonce may have been renewed since this was drawn.
						onClick={ ( event: MouseEvent< HTMLElement > ) => {
							( event.currentTarget as HTMLAnchorElement ).href =
								downloadHref( backupId, item.path.encoded );
						} }
					>
						{ __( 'Download this file', 'site-backups' ) }
					</Button>
				) }
				{ restorable && (
					<Button
						variant="secondary"
						disabled={ refused !== '' }
						accessibleWhenDisabled
						aria-describedby={ refused ? refusedId : undefined }
						onClick={ () => onRestore( item ) }
					>
						{ isFile
							? __( 'Restore this file…', 'site-backups' )
							: __( 'Restore this folder…', 'site-backups' ) }
					</Button>
				) }
			</div>
			{ restorable && refused && (
				<p id={ refusedId } className="site-backups__busy">
					{ refused }
				</p>
			) }
		</section>
	);
}
