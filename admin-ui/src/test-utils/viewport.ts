/**
 * A window of a given width for the tests that call it: jsdom has no layout,
 * so media queries on width are answered here. The answer is installed when
 * a test file imports this, before anything renders: the components keep
 * each media query list they were given, and read whether it matches each
 * time they render.
 */
let width: number | null = null;

/**
 * Whether a query of min-width and max-width conditions (in px) holds; none
 * does while no width is set, as in jsdom.
 *
 * @param query The media query.
 */
function matches( query: string ): boolean {
	if ( width === null ) {
		return false;
	}
	const current = width;
	return [ ...query.matchAll( /\((min|max)-width:\s*(\d+)px\)/g ) ].every(
		( [ , bound, px ] ) =>
			bound === 'min' ? current >= Number( px ) : current <= Number( px )
	);
}

window.matchMedia = ( query: string ) =>
	( {
		media: query,
		get matches() {
			return matches( query );
		},
		onchange: null,
		addEventListener: () => undefined,
		removeEventListener: () => undefined,
		addListener: () => undefined,
		removeListener: () => undefined,
		dispatchEvent: () => false,
	} ) as MediaQueryList;

/**
 * Gives the tests of the file or describe block that calls it a window this
 * wide, and takes it away after.
 *
 * @param px The window's width.
 */
export function withWindowWidth( px: number ) {
	beforeEach( () => {
		width = px;
	} );
	afterEach( () => {
		width = null;
	} );
}
