import { __, sprintf } from '@wordpress/i18n';

import type { ApiSettings } from '../api/types';
import { offsiteOf, offsiteSummary } from '../view-models/offsite-status';
import { OffsiteSetupControl } from './OffsiteSetupControl';
import { PlainOffsiteWarning } from './PlainOffsiteWarning';

/**
 * One line on off-site copies: on or not, encrypted or not, when the last
 * copy was made, and where they go; the warning when they are not
 * encrypted; then who sets them up.
 *
 * @param props          Component props.
 * @param props.settings The API's settings.
 */
export function OffsiteSummary( { settings }: { settings: ApiSettings } ) {
	const offsite = offsiteOf( settings );
	return (
		<>
			<p
				className={
					offsite.configured
						? 'site-backups__offsite'
						: 'site-backups__offsite site-backups__muted'
				}
			>
				{ offsiteSummary( offsite, new Date() ) }
				{ offsite.destination && (
					<>
						<br />
						<span className="site-backups__muted">
							{ sprintf(
								/* translators: %s: where off-site copies go, such as "bucket site-backups at https://s3.example.com (prefix example.com)". */
								__( 'Destination: %s', 'site-backups' ),
								offsite.destination
							) }
						</span>
					</>
				) }
			</p>
			<PlainOffsiteWarning settings={ settings } />
			<OffsiteSetupControl settings={ settings } />
		</>
	);
}
