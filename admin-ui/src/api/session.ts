/**
 * Tells the screen when the admin's login has ended, whichever request
 * noticed it: after a restore of this site the database holds the users and
 * sessions of the backup's time, so any call may be the first to fail.
 */
import type { ApiError } from './client';

type Listener = () => void;

// What WordPress answers when the cookie no longer names a session, or the
// user lost the capability.
const ENDED_CODES = [
	'rest_not_logged_in',
	'rest_cookie_invalid_nonce',
	'rest_forbidden',
];

const listeners = new Set< Listener >();

export function isSessionEnded( error: ApiError ): boolean {
	return (
		( error.status === 401 || error.status === 403 ) &&
		ENDED_CODES.includes( error.code )
	);
}

/**
 * Calls the listener each time a request finds the login ended.
 *
 * @param listener Called without arguments.
 * @return Stops listening.
 */
export function onSessionEnded( listener: Listener ): () => void {
	listeners.add( listener );
	return () => {
		listeners.delete( listener );
	};
}

export function reportIfSessionEnded( error: ApiError ): void {
	if ( isSessionEnded( error ) ) {
		listeners.forEach( ( listener ) => listener() );
	}
}
