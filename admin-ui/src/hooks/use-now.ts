import { useEffect, useState } from '@wordpress/element';

/**
 * The time now, renewed every `milliseconds` while `ticking`: for a clock
 * that counts up between the server's answers.
 *
 * @param ticking      Whether the time goes on (a job still running).
 * @param milliseconds How often it is renewed.
 */
export function useNow( ticking: boolean, milliseconds = 1000 ): Date {
	const [ now, setNow ] = useState( () => new Date() );
	useEffect( () => {
		if ( ! ticking ) {
			return undefined;
		}
		const timer = window.setInterval(
			() => setNow( new Date() ),
			milliseconds
		);
		return () => window.clearInterval( timer );
	}, [ ticking, milliseconds ] );
	return now;
}
