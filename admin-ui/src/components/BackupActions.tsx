import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { MouseEvent } from 'react';

import { downloadUrl } from '../api/backups';
import { currentRestNonce } from '../api/client';
import type { EnvironmentName } from '../api/types';
import { pageData } from '../page-data';
import {
	backupActions,
	type BackupAction,
} from '../view-models/backup-actions';
import type { BackupRow } from '../view-models/backup-row';
import { BrowseDialog } from './browse/BrowseDialog';
import { CompareDialog } from './browse/CompareDialog';
import { Button, DropdownMenu, MenuGroup, MenuItem } from './ui';

interface Props {
	row: BackupRow;
	/** The environment it is of. */
	environment: EnvironmentName;
	/** One menu instead of a button each, where room is short. */
	asMenu: boolean;
	/** Why no job can start now; '' when one can. */
	busyReason: string;
	/** The backup being fetched from off-site storage, if any. */
	fetchingId: string | null;
	onDetails: ( row: BackupRow ) => void;
	onRestore: ( row: BackupRow ) => void;
	onFetch: ( row: BackupRow ) => Promise< unknown >;
	onDelete: ( row: BackupRow ) => void;
}

/**
 * The download link of a backup, with the REST nonce in force now: the
 * browser follows it itself and streams the .zip.
 *
 * @param id The backup id.
 */
function downloadHref( id: string ): string {
	const { restRoot, restNonce } = pageData();
	return downloadUrl( id, restRoot, currentRestNonce( restNonce ) );
}

/**
 * What can be done with one backup (view-models/backup-actions.ts): a
 * button each, or one menu where room is short. A refused action stays
 * focusable and is described by why.
 *
 * @param props             Component props.
 * @param props.row         The backup.
 * @param props.environment The environment it is of.
 * @param props.asMenu      Whether to fold the actions into a menu.
 * @param props.busyReason  Why it cannot be fetched now ('' when it can).
 * @param props.fetchingId  The backup being fetched, if any.
 * @param props.onDetails   Opens its details.
 * @param props.onRestore   Asks to restore it.
 * @param props.onFetch     Starts fetching it from off-site storage.
 * @param props.onDelete    Asks to delete it.
 */
export function BackupActions( {
	row,
	environment,
	asMenu,
	busyReason,
	fetchingId,
	onDetails,
	onRestore,
	onFetch,
	onDelete,
}: Props ) {
	const [ starting, setStarting ] = useState( false );
	// Browsing and comparing stay within this backup: their dialogs are its own.
	const [ looking, setLooking ] = useState< 'browse' | 'compare' | null >(
		null
	);
	const actions = backupActions(
		row,
		busyReason,
		starting || fetchingId === row.id
	);

	const start = async () => {
		setStarting( true );
		try {
			await onFetch( row );
		} finally {
			setStarting( false );
		}
	};
	const run: Record< BackupAction[ 'id' ], () => void > = {
		details: () => onDetails( row ),
		browse: () => setLooking( 'browse' ),
		compare: () => setLooking( 'compare' ),
		restore: () => onRestore( row ),
		fetch: () => void start(),
		delete: () => onDelete( row ),
		download: () => undefined,
	};

	/**
	 * The props of one action's button or menu item.
	 *
	 * @param action  The action.
	 * @param onClose Closes the menu it is in, if any.
	 */
	const controlProps = ( action: BackupAction, onClose?: () => void ) => {
		const refused = action.refused !== '';
		const shared = {
			label: action.label,
			isDestructive: action.destructive,
			children: action.text,
		};
		if ( action.id === 'download' && ! refused ) {
			return {
				...shared,
				href: downloadHref( row.id ),
				download: true,
				// The nonce may have been renewed since this row was drawn.
				onClick: ( event: MouseEvent< HTMLElement > ) => {
					( event.currentTarget as HTMLAnchorElement ).href =
						downloadHref( row.id );
					// After the browser has followed the link.
					window.setTimeout( () => onClose?.() );
				},
			};
		}
		return {
			...shared,
			disabled: action.busy || refused,
			accessibleWhenDisabled: true,
			describedBy: refused ? action.refused : undefined,
			isBusy: action.busy,
			onClick: () => {
				onClose?.();
				run[ action.id ]();
			},
		};
	};

	const dialogs = (
		<>
			{ looking === 'browse' && (
				<BrowseDialog
					row={ row }
					environment={ environment }
					busyReason={ busyReason }
					onClose={ () => setLooking( null ) }
				/>
			) }
			{ looking === 'compare' && (
				<CompareDialog
					row={ row }
					environment={ environment }
					onClose={ () => setLooking( null ) }
				/>
			) }
		</>
	);

	if ( ! asMenu ) {
		return (
			<>
				{ actions.map( ( action ) => (
					<Button
						key={ action.id }
						variant="tertiary"
						{ ...controlProps( action ) }
					/>
				) ) }
				{ dialogs }
			</>
		);
	}
	return (
		<>
			<DropdownMenu
				icon="ellipsis"
				label={ sprintf(
					/* translators: %s: date of the backup. */
					__( 'Actions for the backup of %s', 'site-backups' ),
					row.name
				) }
				toggleProps={ { size: 'compact' } }
				popoverProps={ { placement: 'bottom-end' } }
			>
				{ ( { onClose } ) => (
					<MenuGroup>
						{ actions.map( ( action ) => (
							<MenuItem
								key={ action.id }
								{ ...controlProps( action, onClose ) }
							/>
						) ) }
					</MenuGroup>
				) }
			</DropdownMenu>
			{ dialogs }
		</>
	);
}
