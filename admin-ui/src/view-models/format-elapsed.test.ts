import { formatElapsed, secondsBetween } from './format-elapsed';

describe( 'the time a job has taken', () => {
	it( 'says the two largest units, whole', () => {
		expect( formatElapsed( 130 ) ).toBe( '2 min 10 s' );
		expect( formatElapsed( 8.9 ) ).toBe( '8 s' );
		expect( formatElapsed( 1 ) ).toBe( '1 s' );
		expect( formatElapsed( 60 ) ).toBe( '1 min' );
		expect( formatElapsed( 3600 + 5 * 60 + 59 ) ).toBe( '1 h 5 min' );
		expect( formatElapsed( 7200 ) ).toBe( '2 h' );
	} );

	it( 'never counts below nothing, as when the browser’s clock is behind', () => {
		expect( formatElapsed( -12 ) ).toBe( '0 s' );
	} );

	it( 'counts from when the job was asked for', () => {
		expect(
			secondsBetween(
				'2026-11-26T10:00:00+00:00',
				new Date( '2026-11-26T10:02:10Z' )
			)
		).toBe( 130 );
		expect( secondsBetween( 'not a date', new Date() ) ).toBe( 0 );
	} );
} );
