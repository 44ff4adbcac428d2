import { backup } from '../test-utils/fixtures';
import { withSiteDate } from '../test-utils/site-date';
import { compareOptions } from './compare-options';

withSiteDate( 'UTC' );

describe( 'what a recovery point can be compared with', () => {
	const current = backup( { id: 'c', created: '2026-11-26T10:00:00+00:00' } );
	const older = backup( {
		id: 'a',
		note: '',
		created: '2026-11-24T10:00:00+00:00',
	} );
	const before = backup( {
		id: 'b',
		note: 'Before update',
		created: '2026-11-25T10:00:00+00:00',
	} );
	const newer = backup( { id: 'd', created: '2026-11-27T10:00:00+00:00' } );

	it( 'offers the earlier ones, newest first, with their notes', () => {
		expect(
			compareOptions( [ newer, older, current, before ], current, 'b' )
		).toEqual( [
			{ value: 'b', label: '25 November 2026 10:00:00 — Before update' },
			{ value: 'a', label: '24 November 2026 10:00:00' },
		] );
	} );

	it( 'names the one the server compared with when it is not listed', () => {
		expect( compareOptions( [], current, 'z' ) ).toEqual( [
			{ value: 'z', label: 'The recovery point before' },
		] );
	} );
} );
