import { __, _n, sprintf } from '@wordpress/i18n';

import type { ApiChangeSummary } from '../../api/browse';
import { browseName } from '../../view-models/browse-path';
import {
	phpInUploadsWarning,
	summarySentences,
} from '../../view-models/compare-summary';
import { Notice } from '../ui';

interface Props {
	summary: ApiChangeSummary;
}

/**
 * What changed, in a few sentences; PHP files that appeared in the uploads
 * folder first, as a warning naming them.
 *
 * @param props         Component props.
 * @param props.summary The server's counts.
 */
export function CompareSummary( { summary }: Props ) {
	const php = summary.php_in_uploads;
	const unnamed = php.count - php.paths.length;
	return (
		<>
			{ php.count > 0 && (
				<Notice status="warning" isDismissible={ false }>
					<p>
						<strong>{ phpInUploadsWarning( php.count ) }</strong>
					</p>
					<ul className="site-backups__php-in-uploads">
						{ php.paths.map( ( item ) => {
							const path = browseName( item.path, item.path_b64 );
							return (
								<li key={ path.encoded }>
									<code>{ path.shown }</code>
								</li>
							);
						} ) }
						{ unnamed > 0 && (
							<li>
								{ sprintf(
									/* translators: %d: number of files not named. */
									_n(
										'and %d more',
										'and %d more',
										unnamed,
										'site-backups'
									),
									unnamed
								) }
							</li>
						) }
					</ul>
				</Notice>
			) }
			<h3>{ __( 'What changed', 'site-backups' ) }</h3>
			<ul className="site-backups__compare-summary">
				{ summarySentences( summary ).map( ( sentence ) => (
					<li key={ sentence }>{ sentence }</li>
				) ) }
			</ul>
		</>
	);
}
