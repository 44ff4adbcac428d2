/**
 * The site's date settings for the tests that call it, as the page prints
 * them: dates show in the site's time zone and formats, never the machine's
 * (jest runs in New York).
 */
const DATE_FIELDS = [ 'timezone', 'dateFormat', 'timeFormat' ] as const;

/**
 * Sets the site's time zone and date format for each test of the file or
 * describe block that calls it (times as "H:i"), and takes them away after.
 *
 * @param timezone   The site's time zone: a region, or an offset such as "+05:30".
 * @param dateFormat The site's date format.
 * @param timeFormat The site's time format.
 */
export function withSiteDate(
	timezone: string,
	dateFormat = 'j F Y',
	timeFormat = 'H:i'
) {
	beforeEach( () => {
		window.siteBackupsAdmin = {
			...window.siteBackupsAdmin,
			timezone,
			dateFormat,
			timeFormat,
		};
	} );
	afterEach( () => {
		const data = window.siteBackupsAdmin;
		DATE_FIELDS.forEach( ( field ) => delete data?.[ field ] );
	} );
}
