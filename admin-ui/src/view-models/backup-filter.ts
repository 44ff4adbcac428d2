/**
 * The list's filter by type: which types an environment offers, and what an
 * empty list says under each.
 */
import { __ } from '@wordpress/i18n';

import type { EnvironmentName, Trigger } from '../api/types';

export interface TriggerOption {
	label: string;
	value: Trigger | '';
}

/**
 * The types to filter by: staging never gets automatic backups, so it does
 * not offer them.
 *
 * @param environment The environment listed.
 */
export function triggerOptions(
	environment: EnvironmentName
): TriggerOption[] {
	const options: TriggerOption[] = [
		{ label: __( 'All types', 'site-backups' ), value: '' },
		{ label: __( 'Automatic', 'site-backups' ), value: 'scheduled' },
		{ label: __( 'Manual', 'site-backups' ), value: 'manual' },
		{ label: __( 'Safety', 'site-backups' ), value: 'safety' },
	];
	return environment === 'staging'
		? options.filter( ( option ) => option.value !== 'scheduled' )
		: options;
}

const EMPTY_TITLES: Record< Trigger | '', () => string > = {
	'': () => __( 'No backups yet', 'site-backups' ),
	scheduled: () => __( 'No automatic backups', 'site-backups' ),
	manual: () => __( 'No manual backups', 'site-backups' ),
	safety: () => __( 'No safety backups', 'site-backups' ),
};

/**
 * What a list with no backup is titled: "No backups yet", or, filtered by a
 * type, "No manual backups".
 *
 * @param trigger The type filtered by; '' for all.
 */
export function emptyListTitle( trigger: Trigger | '' ): string {
	return ( EMPTY_TITLES[ trigger ] ?? EMPTY_TITLES[ '' ] )();
}
