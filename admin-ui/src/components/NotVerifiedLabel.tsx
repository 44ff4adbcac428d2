import { __, sprintf } from '@wordpress/i18n';

import type { BackupRow } from '../view-models/backup-row';

/**
 * "Not verified: no signature": a backup whose record in the bucket this
 * site's recovery key does not vouch for.
 *
 * @param props     Component props.
 * @param props.row The backup, not verified.
 */
export function NotVerifiedLabel( { row }: { row: BackupRow } ) {
	return (
		<span className="site-backups__not-verified">
			{ sprintf(
				/* translators: %s: why, such as "no signature". */
				__( 'Not verified: %s', 'site-backups' ),
				row.verificationLabel
			) }
		</span>
	);
}
