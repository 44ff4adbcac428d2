import { backup } from '../test-utils/fixtures';
import { withSiteDate } from '../test-utils/site-date';
import { groupByDay } from './backup-days';
import { toBackupRow } from './backup-row';

const NOW = new Date( '2026-12-04T20:00:00Z' );

const rowAt = ( id: string, created: string ) =>
	toBackupRow( backup( { id, created } ), NOW );

describe( 'recovery points grouped by day', () => {
	// Los Angeles: 02:00 UTC on December 4 is still December 3 there.
	withSiteDate( 'America/Los_Angeles', 'F j, Y', 'g:i a' );

	it( 'puts each run of one site day under one heading, newest first', () => {
		const days = groupByDay(
			[
				rowAt( 'a', '2026-12-04T19:00:00Z' ),
				rowAt( 'b', '2026-12-04T09:00:00Z' ),
				rowAt( 'c', '2026-12-04T02:00:00Z' ),
				rowAt( 'd', '2026-12-01T18:00:00Z' ),
			],
			NOW
		);
		expect(
			days.map( ( day ) => [
				day.key,
				day.heading,
				day.rows.map( ( row ) => row.id ),
			] )
		).toEqual( [
			[ '2026-12-04', 'Today', [ 'a', 'b' ] ],
			[ '2026-12-03', 'Yesterday', [ 'c' ] ],
			[ '2026-12-01', 'Tuesday, December 1, 2026', [ 'd' ] ],
		] );
	} );

	it( 'gives nothing for no rows', () => {
		expect( groupByDay( [], NOW ) ).toEqual( [] );
	} );
} );

describe( 'a day heading on a site whose date format names the weekday', () => {
	withSiteDate( 'UTC', 'D j M Y' );

	it( 'does not name the weekday twice', () => {
		const [ day ] = groupByDay(
			[ rowAt( 'a', '2026-11-20T10:00:00Z' ) ],
			NOW
		);
		expect( day?.heading ).toBe( 'Fri 20 Nov 2026' );
	} );
} );
