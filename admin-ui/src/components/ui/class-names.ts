/**
 * Joins the class names that apply, leaving out those that do not.
 *
 * @param names Class names, or a falsy value for one that does not apply.
 */
export function classNames(
	...names: Array< string | false | null | undefined >
): string {
	return names.filter( Boolean ).join( ' ' );
}
