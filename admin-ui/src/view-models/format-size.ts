/**
 * How an amount of data reads on the screen.
 */

/**
 * "1.5 MB": bytes in the largest unit that keeps the number readable.
 *
 * @param bytes A byte count.
 */
export function formatBytes( bytes: number ): string {
	const units = [ 'B', 'KB', 'MB', 'GB', 'TB' ];
	let value = Math.max( 0, bytes );
	let unit = 0;
	while ( value >= 1024 && unit < units.length - 1 ) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : 1;
	return `${ value.toFixed( digits ) } ${ units[ unit ] }`;
}
