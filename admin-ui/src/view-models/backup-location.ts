/**
 * Where a backup is kept: this server, the off-site bucket, or both.
 */
import { __ } from '@wordpress/i18n';

import type { ApiBackup, BackupLocation } from '../api/types';

const LOCATION_ORDER: BackupLocation[] = [ 'local', 'offsite' ];

/**
 * Where a backup is kept, in a fixed order; this server alone when the
 * server does not say (it predates off-site copies).
 *
 * @param backup The API's backup.
 */
export function backupLocations( backup: ApiBackup ): BackupLocation[] {
	const given: unknown[] = Array.isArray( backup.locations )
		? backup.locations
		: [];
	const known = LOCATION_ORDER.filter( ( place ) => given.includes( place ) );
	return known.length > 0 ? known : [ 'local' ];
}

/**
 * "Local", "Off-site" or "Local + off-site".
 *
 * @param locations Where the backup is kept, as backupLocations() gives it.
 */
export function locationLabel( locations: BackupLocation[] ): string {
	if ( ! locations.includes( 'offsite' ) ) {
		return __( 'Local', 'site-backups' );
	}
	return locations.includes( 'local' )
		? __( 'Local + off-site', 'site-backups' )
		: __( 'Off-site', 'site-backups' );
}
