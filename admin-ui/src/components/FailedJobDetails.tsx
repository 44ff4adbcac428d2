import { useDispatch, useSelect } from '@wordpress/data';
import { __ } from '@wordpress/i18n';

import { store } from '../store';
import { loadErrorOf } from '../store/resolution';
import { formatSiteMoment } from '../view-models/format-date';
import { Modal, Spinner } from './ui';

interface Props {
	/** The failed job. */
	id: string;
	onClose: () => void;
}

/**
 * What happened to a backup that failed: when, why, and its job's log.
 *
 * @param props         Component props.
 * @param props.id      The failed job.
 * @param props.onClose Closes the dialog.
 */
export function FailedJobDetails( { id, onClose }: Props ) {
	const { job, error } = useSelect(
		( select ) => {
			const data = select( store );
			return {
				job: data.getJobDetails( id ),
				error: loadErrorOf( data, 'getJobDetails', [ id ] ),
			};
		},
		[ id ]
	);
	const { reloadJobDetails } = useDispatch( store );
	const close = () => {
		if ( error ) {
			reloadJobDetails( id );
		}
		onClose();
	};
	const ended = job?.finished ?? job?.updated;
	return (
		<Modal
			title={ __( 'The failed backup', 'site-backups' ) }
			onRequestClose={ close }
		>
			{ error && <p role="alert">{ error }</p> }
			{ ! job && ! error && (
				<Spinner label={ __( 'Loading…', 'site-backups' ) } />
			) }
			{ job && (
				<div className="site-backups__details">
					<dl>
						{ ended && (
							<>
								<dt>{ __( 'Failed', 'site-backups' ) }</dt>
								<dd>{ formatSiteMoment( ended ) }</dd>
							</>
						) }
						<dt>{ __( 'Why', 'site-backups' ) }</dt>
						<dd>
							{ job.message ||
								__(
									'No reason was recorded.',
									'site-backups'
								) }
						</dd>
					</dl>
					{ job.log.length > 0 && (
						<>
							<h3>{ __( 'Log', 'site-backups' ) }</h3>
							<pre className="site-backups__log">
								{ job.log
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
