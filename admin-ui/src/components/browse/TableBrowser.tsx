import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import { fetchTables } from '../../api/browse';
import { useCursorList } from '../../hooks/use-cursor-list';
import { toBrowseTable } from '../../view-models/browse-table';
import { ShowMore } from './ShowMore';
import { Button, CheckboxControl } from '../ui';

interface Props {
	backupId: string;
	busyReason: string;
	/** Asks to restore the tables checked. */
	onRestore: ( names: string[] ) => void;
}

/**
 * The Database tab: the backup's tables, each with its size and key
 * ranges, to check and restore on their own.
 *
 * @param props            Component props.
 * @param props.backupId   The backup.
 * @param props.busyReason Why nothing can be restored now.
 * @param props.onRestore  Asks to restore the tables checked.
 */
export function TableBrowser( { backupId, busyReason, onRestore }: Props ) {
	const list = useCursorList(
		( after ) => fetchTables( backupId, after ),
		backupId
	);
	const [ checked, setChecked ] = useState< string[] >( [] );
	const tables = list.items.map( toBrowseTable );
	let refused = busyReason;
	if ( ! refused && checked.length === 0 ) {
		refused = __( 'Check the tables to restore.', 'site-backups' );
	}
	const toggle = ( name: string, on: boolean ) =>
		setChecked( ( before ) =>
			on
				? [ ...before, name ]
				: before.filter( ( other ) => other !== name )
		);

	return (
		<div className="site-backups__browse-tables">
			{ tables.length > 0 && (
				<table className="widefat striped">
					<caption className="screen-reader-text">
						{ __( 'Tables of the backup', 'site-backups' ) }
					</caption>
					<thead>
						<tr>
							<th scope="col">
								{ __( 'Table', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Size', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Rows', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Key ranges', 'site-backups' ) }
							</th>
						</tr>
					</thead>
					<tbody>
						{ tables.map( ( table ) => (
							<tr key={ table.name.encoded }>
								<td>
									{ table.name.text === null ? (
										<code>{ table.name.shown }</code>
									) : (
										<CheckboxControl
											label={ table.name.text }
											checked={ checked.includes(
												table.name.text
											) }
											onChange={ ( on ) =>
												toggle(
													table.name.text as string,
													on
												)
											}
										/>
									) }
									{ table.skipped && (
										<p className="site-backups__muted">
											{ table.skipped }
										</p>
									) }
								</td>
								<td className="site-backups__amount">
									{ table.sizeLabel }
								</td>
								<td className="site-backups__amount">
									{ table.rowsLabel }
								</td>
								<td>{ table.rangesLabel }</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }
			{ list.status === 'ready' && tables.length === 0 && (
				<p>{ __( 'This backup holds no tables.', 'site-backups' ) }</p>
			) }
			<ShowMore list={ list } />
			<div className="site-backups__browse-actions">
				<Button
					variant="secondary"
					disabled={ refused !== '' }
					accessibleWhenDisabled
					aria-describedby={
						refused ? 'site-backups-tables-refused' : undefined
					}
					onClick={ () => onRestore( checked ) }
				>
					{ checked.length > 0
						? sprintf(
								/* translators: %d: number of tables checked. */
								_n(
									'Restore %d table…',
									'Restore these %d tables…',
									checked.length,
									'site-backups'
								),
								checked.length
							)
						: __( 'Restore these tables…', 'site-backups' ) }
				</Button>
			</div>
			{ refused && (
				<p
					id="site-backups-tables-refused"
					className="site-backups__busy"
				>
					{ refused }
				</p>
			) }
		</div>
	);
}
