/**
 * An environment's name, as the screen says it.
 */
import { __ } from '@wordpress/i18n';

import type { EnvironmentName } from '../api/types';

/**
 * "Production" or "Staging".
 *
 * @param name An environment; '' (a job of no one environment) reads as production.
 */
export function environmentLabel( name: EnvironmentName | '' ): string {
	return name === 'staging'
		? __( 'Staging', 'site-backups' )
		: __( 'Production', 'site-backups' );
}
