/**
 * Leaves the screen for another page. Its own module so tests can stand in
 * for it: jsdom cannot navigate.
 *
 * @param url Where to go.
 */
export function navigateTo( url: string ): void {
	window.location.assign( url );
}
