import { __, sprintf } from '@wordpress/i18n';

import type { ApiEnvironment, EnvironmentName } from '../api/types';
import { environmentLabel } from '../view-models/environment-label';
import { RadioControl } from './ui';

interface Props {
	source: EnvironmentName;
	target: EnvironmentName;
	environments: ApiEnvironment[];
	onChange: ( target: EnvironmentName ) => void;
}

/**
 * Where a backup is restored: its own environment or the other one, and
 * what restoring into the other one means for the site's address.
 *
 * @param props              Component props.
 * @param props.source       The environment the backup is of.
 * @param props.target       The chosen environment.
 * @param props.environments Every environment, configured or not.
 * @param props.onChange     Chooses another environment.
 */
export function RestoreTarget( {
	source,
	target,
	environments,
	onChange,
}: Props ) {
	const options = environments
		.filter( ( item ) => item.configured )
		.map( ( item ) => ( {
			label: environmentLabel( item.name ),
			value: item.name,
		} ) );
	const address = environments.find( ( item ) => item.name === target )?.url;
	return (
		<div className="site-backups__restore-target">
			<RadioControl
				label={ __( 'Restore into', 'site-backups' ) }
				selected={ target }
				options={ options }
				onChange={ ( value ) => onChange( value as EnvironmentName ) }
			/>
			{ target !== source && (
				<p>
					{ address
						? sprintf(
								/* translators: 1: environment name, such as Staging, 2: its web address. */
								__(
									'The site address will be changed to that of %1$s (%2$s).',
									'site-backups'
								),
								environmentLabel( target ),
								address
							)
						: sprintf(
								/* translators: %s: environment name, such as Staging. */
								__(
									'The site address will be changed to that of %s.',
									'site-backups'
								),
								environmentLabel( target )
							) }{ ' ' }
					{ target === 'staging'
						? __(
								'Staging stays a staging site, hidden from search engines.',
								'site-backups'
							)
						: __(
								'Production stays the live site.',
								'site-backups'
							) }
				</p>
			) }
		</div>
	);
}
