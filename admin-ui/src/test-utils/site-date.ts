/**
 * The site's date settings for the tests that call it: dates show in the
 * site's time zone and formats, never the machine's.
 */
import { getSettings, setSettings } from '@wordpress/date';

const ZONES = {
	'Europe/Paris': {
		offset: '1',
		offsetFormatted: '+01:00',
		string: 'Europe/Paris',
		abbr: 'CET',
	},
	UTC: { offset: '0', offsetFormatted: '+00:00', string: 'UTC', abbr: 'UTC' },
};

/**
 * Sets the site's time zone and date format for the tests of the file or
 * describe block that calls it (times as "H:i"), and puts them back after.
 *
 * @param zone       The site's time zone.
 * @param dateFormat The site's date format.
 */
export function withSiteDate( zone: keyof typeof ZONES, dateFormat = 'j F Y' ) {
	const original = getSettings();
	beforeAll( () => {
		setSettings( {
			...original,
			formats: { ...original.formats, date: dateFormat, time: 'H:i' },
			timezone: ZONES[ zone ],
		} );
	} );
	afterAll( () => setSettings( original ) );
}
