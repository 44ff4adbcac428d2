import { useInstanceId } from '@wordpress/compose';
import { useDispatch, useSelect } from '@wordpress/data';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { EnvironmentName } from '../api/types';
import { store } from '../store';
import { loadFailureOf } from '../store/resolution';
import { toStatusLines } from '../view-models/site-status';
import { FailedJobDetails } from './FailedJobDetails';
import { LoadError } from './LoadError';
import { Button, Spinner } from './ui';

interface Props {
	environment: EnvironmentName;
}

/**
 * "Am I safe?" at a glance: the last backup and how it ended, the next
 * automatic one, the recovery points and the off-site copies, most urgent
 * first, in a region named by its heading.
 *
 * @param props             Component props.
 * @param props.environment The environment shown.
 */
export function StatusBlock( { environment }: Props ) {
	const { status, failure } = useSelect( ( select ) => {
		const data = select( store );
		return {
			status: data.getStatus(),
			failure: loadFailureOf( data, 'getStatus', [] ),
		};
	}, [] );
	const { reloadStatus } = useDispatch( store );
	const [ openJob, setOpenJob ] = useState< string | null >( null );
	const headingId = useInstanceId(
		StatusBlock,
		'site-backups-status-heading'
	) as string;
	const lines = status
		? toStatusLines( status, environment, new Date() )
		: null;
	return (
		<section className="site-backups__glance" aria-labelledby={ headingId }>
			<h2 id={ headingId } className="site-backups__glance-title">
				{ environment === 'staging'
					? __( 'Staging at a glance', 'site-backups' )
					: __( 'Production at a glance', 'site-backups' ) }
			</h2>
			{ failure && (
				<LoadError error={ failure } onRetry={ () => reloadStatus() } />
			) }
			{ ! lines && ! failure && (
				<p>
					<Spinner />{ ' ' }
					{ __( 'Checking the backups…', 'site-backups' ) }
				</p>
			) }
			{ lines && (
				<ul className="site-backups__glance-lines">
					{ lines.map( ( line ) => (
						<li
							key={ line.id }
							className={ `site-backups__glance-line is-${ line.tone }` }
						>
							{ line.text }
							{ line.jobId && (
								<>
									{ ' ' }
									<Button
										variant="link"
										onClick={ () =>
											setOpenJob( line.jobId )
										}
									>
										{ __(
											'See what happened',
											'site-backups'
										) }
									</Button>
								</>
							) }
						</li>
					) ) }
				</ul>
			) }
			{ openJob && (
				<FailedJobDetails
					id={ openJob }
					onClose={ () => setOpenJob( null ) }
				/>
			) }
		</section>
	);
}
