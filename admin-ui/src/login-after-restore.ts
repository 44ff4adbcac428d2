/**
 * Where an admin logged out by a restore of this site logs in again: the
 * login page says why, then brings them back to this screen.
 */
import { addQueryArgs } from '@wordpress/url';

export function loginUrlAfterRestore(
	loginUrl: string,
	screenUrl: string
): string {
	return addQueryArgs( loginUrl, {
		site_backups_restored: 1,
		redirect_to: screenUrl,
	} );
}
