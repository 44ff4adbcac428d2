/**
 * How long a job has been running, as the progress panel says it.
 */
import { _n, sprintf } from '@wordpress/i18n';

/**
 * "2 min 10 s", "1 h 5 min", "8 s": the two largest units, whole.
 *
 * @param seconds The time elapsed; below zero (a clock ahead of the server's) reads as 0 s.
 */
export function formatElapsed( seconds: number ): string {
	const total = Math.max( 0, Math.floor( seconds ) );
	const hours = Math.floor( total / 3600 );
	const minutes = Math.floor( ( total % 3600 ) / 60 );
	const rest = total % 60;
	if ( hours > 0 ) {
		return minutes > 0
			? `${ hoursText( hours ) } ${ minutesText( minutes ) }`
			: hoursText( hours );
	}
	if ( minutes > 0 ) {
		return rest > 0
			? `${ minutesText( minutes ) } ${ secondsText( rest ) }`
			: minutesText( minutes );
	}
	return secondsText( rest );
}

/**
 * The seconds between two moments.
 *
 * @param fromIso When it began (ISO 8601).
 * @param to      Now, or when it ended.
 */
export function secondsBetween( fromIso: string, to: Date ): number {
	const from = Date.parse( fromIso );
	return Number.isNaN( from ) ? 0 : ( to.getTime() - from ) / 1000;
}

function hoursText( hours: number ): string {
	/* translators: %d: a number of hours, abbreviated. */
	return sprintf( _n( '%d h', '%d h', hours, 'site-backups' ), hours );
}

function minutesText( minutes: number ): string {
	return sprintf(
		/* translators: %d: a number of minutes, abbreviated. */
		_n( '%d min', '%d min', minutes, 'site-backups' ),
		minutes
	);
}

function secondsText( seconds: number ): string {
	/* translators: %d: a number of seconds, abbreviated. */
	return sprintf( _n( '%d s', '%d s', seconds, 'site-backups' ), seconds );
}
