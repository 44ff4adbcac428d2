import { useDispatch, useSelect } from '@wordpress/data';
import { __, sprintf } from '@wordpress/i18n';

import { store } from '../store';
import { loadErrorOf } from '../store/resolution';
import type { BackupRow } from '../view-models/backup-row';
import { notVerifiedExplanation } from '../view-models/backup-verification';
import { databaseCopyInWords } from '../view-models/database-copy';
import { formatBytes } from '../view-models/format-size';
import { NotVerifiedLabel } from './NotVerifiedLabel';
import { Modal, Spinner } from './ui';

interface Props {
	row: BackupRow;
	onClose: () => void;
}

/**
 * What a backup holds, when its database copy stands for, what was left out
 * and why, and its log.
 *
 * @param props         Component props.
 * @param props.row     The backup.
 * @param props.onClose Closes the dialog.
 */
export function BackupDetails( { row, onClose }: Props ) {
	const { details, error } = useSelect(
		( select ) => {
			const data = select( store );
			return {
				details: data.getBackupDetails( row.id ),
				error: loadErrorOf( data, 'getBackupDetails', [ row.id ] ),
			};
		},
		[ row.id ]
	);
	const { reloadBackupDetails } = useDispatch( store );
	const databaseCopy = details
		? databaseCopyInWords( details.database_copy, details.created )
		: null;
	const close = () => {
		if ( error ) {
			reloadBackupDetails( row.id );
		}
		onClose();
	};
	return (
		<Modal
			title={ sprintf(
				/* translators: %s: date of the backup. */
				__( 'Backup of %s', 'site-backups' ),
				row.createdLabel
			) }
			onRequestClose={ close }
		>
			{ error && <p role="alert">{ error }</p> }
			{ ! details && ! error && (
				<Spinner label={ __( 'Loading…', 'site-backups' ) } />
			) }
			{ details && (
				<div className="site-backups__details">
					<dl>
						<dt>{ __( 'Type', 'site-backups' ) }</dt>
						<dd>{ row.type }</dd>
						<dt>{ __( 'Location', 'site-backups' ) }</dt>
						<dd>{ row.locationLabel }</dd>
						<dt>{ __( 'Verification', 'site-backups' ) }</dt>
						<dd>
							{ row.verified ? (
								__( 'Verified', 'site-backups' )
							) : (
								<>
									<NotVerifiedLabel row={ row } />
									<br />
									{ notVerifiedExplanation() }
								</>
							) }
						</dd>
						<dt>{ __( 'Files', 'site-backups' ) }</dt>
						<dd>{ details.counts.files ?? 0 }</dd>
						<dt>{ __( 'Size of the site', 'site-backups' ) }</dt>
						<dd>{ formatBytes( details.size ) }</dd>
						<dt>{ __( 'Newly stored', 'site-backups' ) }</dt>
						<dd>{ formatBytes( details.stored_bytes ) }</dd>
						{ databaseCopy && (
							<>
								<dt>{ __( 'Database', 'site-backups' ) }</dt>
								<dd>{ databaseCopy }</dd>
							</>
						) }
						<dt>{ __( 'WordPress', 'site-backups' ) }</dt>
						<dd>{ details.wp_version ?? '—' }</dd>
					</dl>
					<h3>{ __( 'Skipped', 'site-backups' ) }</h3>
					{ details.details.skipped.length === 0 ? (
						<p>{ __( 'Nothing was skipped.', 'site-backups' ) }</p>
					) : (
						<ul>
							{ details.details.skipped.map( ( item ) => (
								<li key={ item.path }>
									<code>{ item.path }</code>: { item.reason }
								</li>
							) ) }
						</ul>
					) }
					<h3>{ __( 'Left out on purpose', 'site-backups' ) }</h3>
					{ details.details.excluded.length === 0 ? (
						<p>{ __( 'Nothing.', 'site-backups' ) }</p>
					) : (
						<ul>
							{ details.details.excluded.map( ( item ) => (
								<li key={ item.path }>
									<code>{ item.path }</code>: { item.reason }
								</li>
							) ) }
						</ul>
					) }
					{ details.log.length > 0 && (
						<>
							<h3>{ __( 'Log', 'site-backups' ) }</h3>
							<pre className="site-backups__log">
								{ details.log
									.map(
										( line ) =>
											`${ line.time } ${ line.level }: ${ line.message }`
									)
									.join( '\n' ) }
							</pre>
						</>
					) }
				</div>
			) }
		</Modal>
	);
}
