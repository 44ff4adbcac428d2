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
 * A link that downloads the backup as a .zip; the browser streams it. A
 * backup that may not be downloaded gets a disabled button saying why.
 *
 * @param props         Component props.
 * @param props.row     The backup.
 * @param props.refused Why it may not be downloaded; '' when it may.
 */
export function DownloadButton( {
	row,
	refused = '',
}: {
	row: BackupRow;
	refused?: string;
} ) {
	const label = sprintf(
		/* translators: %s: date of the backup. */
		__( 'Download the backup of %s', 'site-backups' ),
		row.createdLabel
	);
	if ( refused ) {
		return (
			<Button
				variant="tertiary"
				disabled
				accessibleWhenDisabled
				describedBy={ refused }
				label={ label }
			>
				{ __( 'Download', 'site-backups' ) }
			</Button>
		);
	}
	return (
		<Button
			variant="tertiary"
			href={ hrefOf( row.id ) }
			download
			// The nonce may have been renewed since this row was drawn.
			onClick={ ( event: MouseEvent< HTMLAnchorElement > ) => {
				event.currentTarget.href = hrefOf( row.id );
			} }
			label={ label }
		>
			{ __( 'Download', 'site-backups' ) }
		</Button>
	);
}
