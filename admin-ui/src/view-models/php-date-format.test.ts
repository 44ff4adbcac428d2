import { formatPhpDate, siteZone } from './php-date-format';

const paris = siteZone( 'Europe/Paris' );
// 26 November 2026 (a Thursday), 02:12 UTC: 03:12 in Paris, the evening before in New York.
const winter = new Date( '2026-11-26T02:12:05Z' );
const summer = new Date( '2026-07-01T12:00:00Z' );

describe( 'a moment in a PHP date format', () => {
	it( 'reads in the site time zone, not the machine one', () => {
		expect( formatPhpDate( 'F j, Y g:i a', winter, paris, 'en-US' ) ).toBe(
			'November 26, 2026 3:12 am'
		);
		expect(
			formatPhpDate(
				'Y-m-d H:i',
				winter,
				siteZone( 'America/Los_Angeles' ),
				'en-US'
			)
		).toBe( '2026-11-25 18:12' );
	} );

	it( 'follows daylight saving time in a region', () => {
		expect( formatPhpDate( 'H:i P O', summer, paris, 'en-US' ) ).toBe(
			'14:00 +02:00 +0200'
		);
		expect( formatPhpDate( 'H:i P', winter, paris, 'en-US' ) ).toBe(
			'03:12 +01:00'
		);
	} );

	it( 'takes a fixed offset, as WordPress writes it, across midnight', () => {
		const evening = new Date( '2026-11-26T20:00:00Z' );
		expect(
			formatPhpDate(
				'Y-m-d H:i P',
				evening,
				siteZone( '+05:30' ),
				'en-US'
			)
		).toBe( '2026-11-27 01:30 +05:30' );
		expect(
			formatPhpDate(
				'Y-m-d H:i T',
				evening,
				siteZone( '-03:00' ),
				'en-US'
			)
		).toBe( '2026-11-26 17:00 -03:00' );
	} );

	it( 'names months, days and the time of day in the site language', () => {
		expect( formatPhpDate( 'l j F Y', winter, paris, 'fr-FR' ) ).toBe(
			'jeudi 26 novembre 2026'
		);
		expect( formatPhpDate( 'D, j. M', winter, paris, 'de-DE' ) ).toBe(
			'Do, 26. Nov'
		);
		expect(
			formatPhpDate(
				'g:i A',
				new Date( '2026-11-26T14:12:00Z' ),
				paris,
				'en-US'
			)
		).toBe( '3:12 PM' );
	} );

	it( 'writes every number PHP does', () => {
		expect(
			formatPhpDate( 'd/m/y n/j G:i:s N w z t L', winter, paris, 'en-US' )
		).toBe( '26/11/26 11/26 3:12:05 4 4 329 30 0' );
		expect( formatPhpDate( 'W o', winter, paris, 'en-US' ) ).toBe(
			'48 2026'
		);
		expect( formatPhpDate( 'c', winter, paris, 'en-US' ) ).toBe(
			'2026-11-26T03:12:05+01:00'
		);
		expect( formatPhpDate( 'U', winter, paris, 'en-US' ) ).toBe(
			String( winter.getTime() / 1000 )
		);
	} );

	it( 'adds English ordinal suffixes', () => {
		const days = [ 1, 2, 3, 4, 11, 12, 13, 21, 22, 23 ].map( ( day ) =>
			formatPhpDate(
				'jS',
				new Date( Date.UTC( 2026, 0, day, 12 ) ),
				siteZone( 'UTC' ),
				'en-US'
			)
		);
		expect( days ).toEqual( [
			'1st',
			'2nd',
			'3rd',
			'4th',
			'11th',
			'12th',
			'13th',
			'21st',
			'22nd',
			'23rd',
		] );
	} );

	it( 'keeps escaped characters and those PHP does not know', () => {
		expect(
			formatPhpDate( 'j \\d\\e F \\à H\\hi', winter, paris, 'en-US' )
		).toBe( '26 de November à 03h12' );
	} );

	it( 'reads an unknown time zone as UTC', () => {
		expect(
			formatPhpDate(
				'H:i e',
				winter,
				siteZone( 'Mars/Olympus' ),
				'en-US'
			)
		).toBe( '02:12 UTC' );
		expect( formatPhpDate( 'H:i', winter, siteZone( '' ), 'en-US' ) ).toBe(
			'02:12'
		);
	} );
} );
