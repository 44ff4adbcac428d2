import { withSiteDate } from '../test-utils/site-date';
import { databaseCopyInWords } from './database-copy';

const BEGAN = '2026-11-27T05:21:40+00:00';

describe( 'when the database copy stands for', () => {
	// WordPress's default formats, on a site in Los Angeles (jest runs in New York).
	withSiteDate( 'America/Los_Angeles', 'F j, Y', 'g:i a' );

	it( 'names the one moment of a consistent copy, to the second, in the site time zone', () => {
		expect(
			databaseCopyInWords(
				{
					consistent: true,
					moment: '2026-11-27T05:22:05+00:00',
					window: null,
				},
				BEGAN
			)
		).toBe( 'The database was copied as it was at 9:22:05 pm.' );
	} );

	it( 'gives the window of a copy that is not one moment, and what that means for the tables', () => {
		expect(
			databaseCopyInWords(
				{
					consistent: false,
					moment: null,
					window: {
						start: '2026-11-27T05:22:05+00:00',
						end: '2026-11-27T05:24:51+00:00',
					},
				},
				BEGAN
			)
		).toBe(
			'The database was copied between 9:22 pm and 9:24 pm; its tables were not all copied at the same moment, so a change saved during that time may be in some tables and missing from others.'
		);
	} );

	it( 'shows the seconds of a window within one minute', () => {
		expect(
			databaseCopyInWords(
				{
					consistent: false,
					moment: null,
					window: {
						start: '2026-11-27T05:22:05+00:00',
						end: '2026-11-27T05:22:41+00:00',
					},
				},
				BEGAN
			)
		).toMatch(
			/^The database was copied between 9:22:05 pm and 9:22:41 pm;/
		);
	} );

	it( 'names the day of a time that is not the day the backup began', () => {
		expect(
			databaseCopyInWords(
				{
					consistent: true,
					moment: '2026-11-27T08:00:02+00:00',
					window: null,
				},
				'2026-11-27T07:59:30+00:00'
			)
		).toBe(
			'The database was copied as it was at 12:00:02 am on November 27, 2026.'
		);
	} );

	it( 'says nothing for a backup that does not record it', () => {
		expect( databaseCopyInWords( null, BEGAN ) ).toBeNull();
		expect( databaseCopyInWords( undefined, BEGAN ) ).toBeNull();
	} );
} );
