/**
 * What the screen offers when it could not read something: to log in again
 * when the login has ended, else to try again.
 */
import { addQueryArgs } from '@wordpress/url';

import { isLoggedOut, type ApiError } from '../api/client';

export interface LoadFailure {
	message: string;
	/** Where to log in again and come back to this screen; null: try again instead. */
	loginUrl: string | null;
}

/**
 * @param error     Why it could not be read.
 * @param loginPage The login page (wp-login.php).
 * @param screenUrl This screen, to come back to.
 */
export function toLoadFailure(
	error: ApiError,
	loginPage: string,
	screenUrl: string
): LoadFailure {
	return {
		message: error.message,
		loginUrl: isLoggedOut( error )
			? addQueryArgs( loginPage, { redirect_to: screenUrl } )
			: null,
	};
}
