/**
 * The recovery points a backup can be compared with: the environment's
 * earlier ones, newest first, named by their date to the second.
 */
import { __ } from '@wordpress/i18n';

import type { ApiBackup } from '../api/types';
import { formatSiteDateToSecond } from './format-date';

export interface CompareOption {
	value: string;
	label: string;
}

/**
 * @param backups The environment's recovery points.
 * @param current The one compared.
 * @param since   The one the server compared with, if it said.
 */
export function compareOptions(
	backups: ApiBackup[],
	current: ApiBackup | { id: string; created: string },
	since: string
): CompareOption[] {
	const createdAt = Date.parse( current.created );
	const options = backups
		.filter(
			( item ) =>
				item.id !== current.id && Date.parse( item.created ) < createdAt
		)
		.sort( ( a, b ) => Date.parse( b.created ) - Date.parse( a.created ) )
		.map( ( item ) => ( {
			value: item.id,
			label: item.note
				? `${ formatSiteDateToSecond( item.created ) } — ${ item.note }`
				: formatSiteDateToSecond( item.created ),
		} ) );
	if ( since && ! options.some( ( option ) => option.value === since ) ) {
		options.unshift( {
			value: since,
			label: __( 'The recovery point before', 'site-backups' ),
		} );
	}
	return options;
}
