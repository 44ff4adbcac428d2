import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { fetchBackups } from '../../api/backups';
import {
	fetchChanges,
	fetchTableChanges,
	type ApiChangeSummary,
} from '../../api/browse';
import type { ApiBackup, EnvironmentName } from '../../api/types';
import { useCursorList } from '../../hooks/use-cursor-list';
import type { BackupRow } from '../../view-models/backup-row';
import { compareOptions } from '../../view-models/compare-options';
import { CompareSummary } from './CompareSummary';
import { FileChangeList } from './FileChangeList';
import { TableChangeList } from './TableChangeList';
import { Modal, SelectControl } from '../ui';

interface Props {
	row: BackupRow;
	environment: EnvironmentName;
	onClose: () => void;
}

/** The most recovery points offered to compare with. */
const CHOICES = 100;

/**
 * What changed between a recovery point and an earlier one of the same
 * environment (by default the one before): a summary in words, PHP files
 * new in uploads flagged, then every file and table that differs.
 *
 * @param props             Component props.
 * @param props.row         The recovery point.
 * @param props.environment Its environment.
 * @param props.onClose     Closes the dialog.
 */
export function CompareDialog( { row, environment, onClose }: Props ) {
	const [ chosen, setChosen ] = useState( '' );
	const [ since, setSince ] = useState( '' );
	const [ summary, setSummary ] = useState< ApiChangeSummary | null >( null );
	const [ others, setOthers ] = useState< ApiBackup[] >( [] );
	const key = `${ row.id }:${ chosen }`;

	useEffect( () => {
		let shown = true;
		fetchBackups( { environment, page: 1, perPage: CHOICES } )
			.then( ( page ) => shown && setOthers( page.items ) )
			// Without the list, the one before is still compared with.
			.catch( () => undefined );
		return () => {
			shown = false;
		};
	}, [ environment ] );

	const files = useCursorList( async ( after ) => {
		const page = await fetchChanges( row.id, chosen, after );
		setSince( page.since );
		if ( page.summary ) {
			setSummary( page.summary );
		}
		return { items: page.files, next: page.next };
	}, key );
	const tables = useCursorList(
		( after ) => fetchTableChanges( row.id, chosen, after ),
		key
	);

	const options = compareOptions(
		others,
		{ id: row.id, created: row.createdIso },
		since
	);
	const failed = files.status === 'error' && files.items.length === 0;

	return (
		<Modal
			title={ sprintf(
				/* translators: %s: date of the backup. */
				__( 'Changes in the backup of %s', 'site-backups' ),
				row.createdLabel
			) }
			onRequestClose={ onClose }
			size="large"
			className="site-backups__compare-dialog"
		>
			{ options.length > 0 && (
				<SelectControl
					label={ __( 'Compared with', 'site-backups' ) }
					value={ chosen || since }
					options={ options }
					onChange={ ( value: string ) => {
						setSummary( null );
						setChosen( value );
					} }
				/>
			) }
			{ failed ? (
				<p className="site-backups__error" role="alert">
					{ files.error }
				</p>
			) : (
				<>
					{ summary && <CompareSummary summary={ summary } /> }
					<FileChangeList list={ files } />
					<TableChangeList list={ tables } />
				</>
			) }
		</Modal>
	);
}
