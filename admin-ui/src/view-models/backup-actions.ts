/**
 * What can be done with one backup, as buttons or as the items of its menu
 * show it: details, browse its files and tables, compare it with an earlier
 * one, restore, download (fetched first when it is kept only off-site), and
 * delete. Each is offered as the server decides for this
 * backup (it deletes only this server's copies; it restores, fetches or
 * downloads only a verified one); a refused one says why.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { BackupRow } from './backup-row';
import { notVerifiedExplanation } from './backup-verification';

export type BackupActionId =
	| 'details'
	| 'browse'
	| 'compare'
	| 'restore'
	| 'download'
	| 'fetch'
	| 'delete';

export interface BackupAction {
	id: BackupActionId;
	/** What the button or menu item reads. */
	text: string;
	/** Its accessible name: the action and the backup's date to the second. */
	label: string;
	/** Why it cannot be done; '' when it can. */
	refused: string;
	/** Under way (a fetch): neither refused nor available. */
	busy: boolean;
	destructive: boolean;
}

/**
 * Why the server refuses an action on a backup; '' when it accepts it.
 *
 * @param row     The backup.
 * @param allowed Whether the server accepts the action, as it said.
 */
function refusal( row: BackupRow, allowed: boolean ): string {
	if ( allowed ) {
		return '';
	}
	return row.verified
		? __(
				'The server does not accept this for this backup.',
				'site-backups'
			)
		: notVerifiedExplanation();
}

/**
 * @param row        The backup.
 * @param busyReason Why no job can start now ('' when one can).
 * @param fetching   Whether this backup is being fetched from off-site storage.
 */
export function backupActions(
	row: BackupRow,
	busyReason: string,
	fetching: boolean
): BackupAction[] {
	const action = (
		id: BackupActionId,
		text: string,
		label: string,
		refused = ''
	): BackupAction => ( {
		id,
		text,
		label,
		refused,
		busy: false,
		destructive: false,
	} );
	// Looking inside needs the backup here, and trusted.
	const lookInside = row.offsiteOnly
		? __(
				'It is kept only off-site: fetch it to this server first.',
				'site-backups'
			)
		: refusal( row, row.verified );
	const actions = [
		action(
			'details',
			__( 'Details', 'site-backups' ),
			sprintf(
				/* translators: %s: date of the backup. */
				__( 'Details of the backup of %s', 'site-backups' ),
				row.name
			)
		),
		action(
			'browse',
			__( 'Browse', 'site-backups' ),
			sprintf(
				/* translators: %s: date of the backup. */
				__(
					'Browse the files and tables of the backup of %s',
					'site-backups'
				),
				row.name
			),
			lookInside
		),
		action(
			'compare',
			__( 'Compare with…', 'site-backups' ),
			sprintf(
				/* translators: %s: date of the backup. Starts with the button's own text, which screen readers must hear too. */
				__( 'Compare with… (the backup of %s)', 'site-backups' ),
				row.name
			),
			lookInside
		),
		action(
			'restore',
			__( 'Restore…', 'site-backups' ),
			sprintf(
				/* translators: %s: date of the backup. */
				__( 'Restore the backup of %s…', 'site-backups' ),
				row.name
			),
			refusal( row, row.canRestore )
		),
	];
	if ( row.offsiteOnly ) {
		actions.push( {
			...action(
				'fetch',
				fetching
					? __( 'Fetching…', 'site-backups' )
					: __( 'Fetch from off-site', 'site-backups' ),
				sprintf(
					/* translators: %s: date of the backup. */
					__(
						'Fetch the backup of %s from off-site storage',
						'site-backups'
					),
					row.name
				),
				fetching ? '' : refusal( row, row.canFetch ) || busyReason
			),
			busy: fetching,
		} );
	} else {
		actions.push(
			action(
				'download',
				__( 'Download', 'site-backups' ),
				sprintf(
					/* translators: %s: date of the backup. */
					__( 'Download the backup of %s', 'site-backups' ),
					row.name
				),
				refusal( row, row.canDownload )
			)
		);
	}
	if ( row.canDelete ) {
		actions.push( {
			...action(
				'delete',
				__( 'Delete', 'site-backups' ),
				sprintf(
					/* translators: %s: date of the backup. */
					__( 'Delete the backup of %s', 'site-backups' ),
					row.name
				)
			),
			destructive: true,
		} );
	}
	return actions;
}
