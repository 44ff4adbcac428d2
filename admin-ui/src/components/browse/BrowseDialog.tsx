import { useDispatch } from '@wordpress/data';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import type { SelectionRestoreRequest } from '../../api/browse';
import type { EnvironmentName } from '../../api/types';
import { useBrowseTree } from '../../hooks/use-browse-tree';
import { store } from '../../store';
import type { RestoreOutcome } from '../../store/job-actions';
import type { BackupRow } from '../../view-models/backup-row';
import { FileBrowser } from './FileBrowser';
import {
	RestoreSelectionConfirm,
	type RestoreSelection,
} from './RestoreSelectionConfirm';
import { TableBrowser } from './TableBrowser';
import { Modal, TabPanel } from '../ui';

interface Props {
	row: BackupRow;
	environment: EnvironmentName;
	/** Why nothing can be restored now; '' when it can. */
	busyReason: string;
	onClose: () => void;
}

/**
 * What the restore of a selection sends: only what is restored; the
 * server restores into the backup's own environment after a safety backup.
 *
 * @param selection What is restored.
 */
function requestOf( selection: RestoreSelection ): SelectionRestoreRequest {
	return selection.kind === 'tables'
		? { tables: selection.names }
		: { paths: [ selection.path ] };
}

/**
 * Looks inside a backup: its files a folder at a time, and its tables;
 * any file, folder or table can be restored on its own.
 *
 * @param props             Component props.
 * @param props.row         The backup.
 * @param props.environment The environment it is of.
 * @param props.busyReason  Why nothing can be restored now.
 * @param props.onClose     Closes the dialog.
 */
export function BrowseDialog( {
	row,
	environment,
	busyReason,
	onClose,
}: Props ) {
	const [ restoring, setRestoring ] = useState< RestoreSelection | null >(
		null
	);
	const { restoreSelection } = useDispatch( store );
	const tree = useBrowseTree( row.id );

	return (
		<Modal
			title={ sprintf(
				/* translators: %s: date of the backup. */
				__( 'Browse the backup of %s', 'site-backups' ),
				row.createdLabel
			) }
			onRequestClose={ onClose }
			size="large"
			className="site-backups__browse-dialog"
		>
			<TabPanel
				tabs={ [
					{ name: 'files', title: __( 'Files', 'site-backups' ) },
					{
						name: 'database',
						title: __( 'Database', 'site-backups' ),
					},
				] }
			>
				{ ( tab ) =>
					tab.name === 'files' ? (
						<FileBrowser
							backupId={ row.id }
							tree={ tree }
							busyReason={ busyReason }
							onRestore={ ( item ) =>
								setRestoring( {
									kind: item.isFolder ? 'folder' : 'file',
									path: item.path.text ?? '',
								} )
							}
						/>
					) : (
						<TableBrowser
							backupId={ row.id }
							busyReason={ busyReason }
							onRestore={ ( names ) =>
								setRestoring( { kind: 'tables', names } )
							}
						/>
					)
				}
			</TabPanel>
			{ restoring && (
				<RestoreSelectionConfirm
					selection={ restoring }
					environment={ environment }
					createdIso={ row.createdIso }
					busyReason={ busyReason }
					onConfirm={ () =>
						restoreSelection(
							row.id,
							requestOf( restoring )
						) as Promise< RestoreOutcome >
					}
					onStarted={ onClose }
					onClose={ () => setRestoring( null ) }
				/>
			) }
		</Modal>
	);
}
