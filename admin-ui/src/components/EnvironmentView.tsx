import { Notice } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { ViewName } from '../view-url';

interface Props {
	environment: ViewName;
}

/**
 * One environment's backups. Until recovery points exist it shows an empty
 * state that says what will appear here.
 *
 * @param props             Component props.
 * @param props.environment The environment whose backups are shown.
 */
export function EnvironmentView( { environment }: Props ) {
	const isStaging = environment === 'staging';
	return (
		<section
			className="site-backups__environment"
			aria-label={
				isStaging
					? __( 'Staging backups', 'site-backups' )
					: __( 'Production backups', 'site-backups' )
			}
		>
			{ isStaging && (
				<Notice status="info" isDismissible={ false }>
					{ __(
						'Staging sites do not receive automatic backups. Back up staging by hand before you change it.',
						'site-backups'
					) }
				</Notice>
			) }
			<div className="site-backups__empty">
				<h2>{ __( 'No backups yet', 'site-backups' ) }</h2>
				<p>
					{ isStaging
						? __(
								'Recovery points of the staging site will be listed here.',
								'site-backups'
							)
						: __(
								'Recovery points of the live site will be listed here, newest first. Production is backed up automatically every day.',
								'site-backups'
							) }
				</p>
			</div>
		</section>
	);
}
