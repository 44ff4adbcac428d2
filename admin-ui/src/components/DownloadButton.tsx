import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { MouseEvent } from 'react';

import { downloadUrl } from '../api/backups';
import { currentRestNonce } from '../api/client';
import type { BackupRow } from '../api/normalize';
import { pageData } from '../page-data';

function hrefOf( id: string ): string {
	const { restRoot, restNonce } = pageData();
	return downloadUrl( id, restRoot, currentRestNonce( restNonce ) );
}

/**
 * A link that downloads the backup as a .zip; the browser streams it.
 *
 * @param props     Component props.
 * @param props.row The backup.
 */
export function DownloadButton( { row }: { row: BackupRow } ) {
	return (
		<Button
			variant="tertiary"
			href={ hrefOf( row.id ) }
			download
			// The nonce may have been renewed since this row was drawn.
			onClick={ ( event: MouseEvent< HTMLAnchorElement > ) => {
				event.currentTarget.href = hrefOf( row.id );
			} }
			label={ sprintf(
				/* translators: %s: date of the backup. */
				__( 'Download the backup of %s', 'site-backups' ),
				row.createdLabel
			) }
		>
			{ __( 'Download', 'site-backups' ) }
		</Button>
	);
}
