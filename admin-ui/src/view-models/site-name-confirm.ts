/**
 * Typing the site's name before a restore replaces the live site: a pause
 * that a click alone does not give.
 */

/**
 * The name the admin is asked to type: the site's title as Settings →
 * General sets it, trimmed. A site without a title asks for its host name
 * instead (the address bar shows it), so the check never asks for nothing.
 *
 * @param siteName The site's title; may be empty.
 */
export function siteNameToType( siteName: string ): string {
	const name = siteName.trim();
	return name !== '' ? name : window.location.hostname;
}

/**
 * Whether what was typed is the site's name: spaces at either end and
 * letter case do not matter, runs of spaces count as one.
 *
 * @param siteName The site's title; may be empty (see siteNameToType()).
 * @param typed    What the admin typed.
 */
export function isSiteNameConfirmed(
	siteName: string,
	typed: string
): boolean {
	const expected = normalise( siteNameToType( siteName ) );
	return expected !== '' && normalise( typed ) === expected;
}

function normalise( text: string ): string {
	return text.trim().replace( /\s+/g, ' ' ).toLocaleLowerCase();
}
