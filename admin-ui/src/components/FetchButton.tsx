import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import type { BackupRow } from '../api/normalize';

interface Props {
	row: BackupRow;
	/** Why no job can start now; '' when one can. */
	busyReason: string;
	/** Whether this backup is being fetched now. */
	fetching: boolean;
	onFetch: ( row: BackupRow ) => Promise< unknown >;
}

/**
 * For a backup kept only off-site, in place of its download link: brings it
 * back to this server as a job the admin can follow, after which it can be
 * downloaded.
 *
 * @param props            Component props.
 * @param props.row        The backup.
 * @param props.busyReason Why it cannot be fetched now ('' when it can).
 * @param props.fetching   Whether it is being fetched.
 * @param props.onFetch    Starts fetching it.
 */
export function FetchButton( { row, busyReason, fetching, onFetch }: Props ) {
	const [ starting, setStarting ] = useState( false );
	const busy = starting || fetching;
	return (
		<Button
			variant="tertiary"
			isBusy={ busy }
			disabled={ busy || busyReason !== '' }
			accessibleWhenDisabled
			describedBy={ busy || ! busyReason ? undefined : busyReason }
			onClick={ async () => {
				setStarting( true );
				try {
					await onFetch( row );
				} finally {
					setStarting( false );
				}
			} }
			label={ sprintf(
				/* translators: %s: date of the backup. */
				__(
					'Fetch the backup of %s from off-site storage',
					'site-backups'
				),
				row.createdLabel
			) }
		>
			{ fetching
				? __( 'Fetching…', 'site-backups' )
				: __( 'Fetch from off-site', 'site-backups' ) }
		</Button>
	);
}
