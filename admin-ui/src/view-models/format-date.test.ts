import { withSiteDate } from '../test-utils/site-date';
import {
	formatSiteDate,
	formatSiteDateToSecond,
	formatSiteMoment,
	formatTimeAgo,
} from './format-date';

describe( 'moments', () => {
	// A site in Paris: dates show in its time zone, not the browser's (New York).
	withSiteDate( 'Europe/Paris', 'Y-m-d' );

	it( 'names a moment as a sentence says it', () => {
		expect( formatSiteMoment( '2026-11-26T02:12:00+00:00' ) ).toBe(
			'2026-11-26 at 03:12'
		);
	} );

	it( 'writes a date in the site time zone and formats, with Intl', () => {
		expect( formatSiteDate( '2026-11-26T02:12:00+00:00' ) ).toBe(
			'2026-11-26 03:12'
		);
	} );

	it( 'adds the seconds after the minutes when asked to the second', () => {
		expect( formatSiteDateToSecond( '2026-11-26T02:12:07+00:00' ) ).toBe(
			'2026-11-26 03:12:07'
		);
	} );
} );

describe( 'moments on a site with WordPress’s default formats', () => {
	withSiteDate( 'America/Los_Angeles', 'F j, Y', 'g:i a' );

	it( 'writes the date and time as Settings → General says', () => {
		expect( formatSiteDate( '2026-11-26T02:12:00+00:00' ) ).toBe(
			'November 25, 2026 6:12 pm'
		);
		expect( formatSiteDateToSecond( '2026-11-26T02:12:07+00:00' ) ).toBe(
			'November 25, 2026 6:12:07 pm'
		);
	} );
} );

describe( 'moments on a site set to an offset from UTC', () => {
	withSiteDate( '+05:30', 'j F Y' );

	it( 'shifts by the offset', () => {
		expect( formatSiteMoment( '2026-11-26T20:00:00+00:00' ) ).toBe(
			'27 November 2026 at 01:30'
		);
	} );
} );

describe( 'how long ago', () => {
	const now = new Date( '2026-11-26T12:00:00Z' );

	it( 'count a time a little ahead of this clock as now', () => {
		expect( formatTimeAgo( '2026-11-26T12:00:05Z', now ) ).toBe(
			'a few seconds ago'
		);
	} );

	it( 'rounds to the unit that reads best', () => {
		const ago = ( iso: string ) => formatTimeAgo( iso, now );
		expect( ago( '2026-11-26T11:58:00Z' ) ).toBe( '2 minutes ago' );
		expect( ago( '2026-11-26T11:10:00Z' ) ).toBe( '1 hour ago' );
		expect( ago( '2026-11-26T09:00:00Z' ) ).toBe( '3 hours ago' );
		expect( ago( '2026-11-25T12:00:00Z' ) ).toBe( '1 day ago' );
		expect( ago( '2026-11-20T12:00:00Z' ) ).toBe( '6 days ago' );
		expect( ago( '2026-09-26T12:00:00Z' ) ).toBe( '2 months ago' );
		expect( ago( '2024-11-26T12:00:00Z' ) ).toBe( '2 years ago' );
	} );
} );

describe( 'moments in the admin language', () => {
	withSiteDate( 'Europe/Paris', 'j F Y' );

	beforeEach( () => {
		document.documentElement.lang = 'fr-FR';
	} );
	afterEach( () => {
		document.documentElement.lang = '';
	} );

	it( 'names the month and how long ago as the page language says', () => {
		expect( formatSiteDate( '2026-11-26T02:12:00+00:00' ) ).toBe(
			'26 novembre 2026 03:12'
		);
		expect(
			formatTimeAgo(
				'2026-11-26T09:00:00Z',
				new Date( '2026-11-26T12:00:00Z' )
			)
		).toBe( 'il y a 3 heures' );
	} );
} );
