import type { ApiWarning } from '../api/types';
import { Notice } from './ui';

interface Props {
	warnings: ApiWarning[];
}

/**
 * Problems that stop backups from running by themselves, with the fix.
 *
 * @param props          Component props.
 * @param props.warnings Warnings from the API.
 */
export function HealthWarnings( { warnings }: Props ) {
	if ( warnings.length === 0 ) {
		return null;
	}
	return (
		<div className="site-backups__warnings">
			{ warnings.map( ( warning ) => (
				<Notice
					key={ warning.code }
					status="warning"
					isDismissible={ false }
				>
					<p>
						<strong>{ warning.message }</strong>
					</p>
					{ warning.fix && <p>{ warning.fix }</p> }
				</Notice>
			) ) }
		</div>
	);
}
