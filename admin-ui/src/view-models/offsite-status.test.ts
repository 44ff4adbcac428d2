import type { ApiOffsite } from '../api/types';
import { offsiteSettings, settings } from '../test-utils/fixtures';
import { offsiteOf, offsiteSummary, offsiteWarnings } from './offsite-status';

describe( 'off-site copies', () => {
	const now = new Date( '2026-11-26T12:00:00Z' );
	const offsite = (
		overrides: Partial< ApiOffsite > = {}
	): ReturnType< typeof offsiteOf > =>
		offsiteOf(
			offsiteSettings( {
				last_copy: '2026-11-26T11:48:00Z',
				...overrides,
			} )
		);

	it( 'are not set up when the server does not mention them', () => {
		const none = offsiteOf( settings );
		expect( none.configured ).toBe( false );
		expect( offsiteSummary( none, now ) ).toBe(
			'Off-site copies are not set up.'
		);
		expect( offsiteWarnings( none ) ).toEqual( [] );
		expect(
			offsiteOf( offsiteSettings( { configured: false } ) ).configured
		).toBe( false );
	} );

	it( 'say whether they are encrypted and when the last copy was made', () => {
		expect( offsiteSummary( offsite(), now ) ).toBe(
			'Off-site copies: on, encrypted · last copy 12 minutes ago'
		);
		expect( offsiteSummary( offsite( { encrypted: false } ), now ) ).toBe(
			'Off-site copies: on, not encrypted · last copy 12 minutes ago'
		);
		expect( offsiteWarnings( offsite() ) ).toEqual( [] );
	} );

	it( 'say when no copy was tried yet', () => {
		const waiting = offsite( { healthy: null, last_copy: null } );
		expect( offsiteSummary( waiting, now ) ).toBe(
			'Off-site copies: on, encrypted · no copy yet'
		);
		expect( offsiteWarnings( waiting ) ).toEqual( [] );
	} );

	it( 'warn with the error while copies fail, and say backups are still kept here', () => {
		const failing = offsite( {
			healthy: false,
			message: 'The bucket refused the access key.',
			last_copy: '2026-11-23T12:00:00Z',
		} );
		expect( offsiteSummary( failing, now ) ).toBe(
			'Off-site copies: on, encrypted · last successful copy 3 days ago'
		);
		expect( offsiteWarnings( failing ) ).toEqual( [
			{
				code: 'offsite_failing',
				message:
					'The last off-site copy failed: The bucket refused the access key.',
				fix: 'Backups are still made and kept on this server, but they are not copied off-site until this is fixed.',
			},
		] );
		const neverWorked = offsite( { healthy: false, last_copy: null } );
		expect( offsiteSummary( neverWorked, now ) ).toBe(
			'Off-site copies: on, encrypted · no copy has succeeded yet'
		);
		expect( offsiteWarnings( neverWorked )[ 0 ]?.message ).toBe(
			'The last off-site copy failed.'
		);
	} );

	it( 'ignore a last copy time that is not a date', () => {
		expect( offsite( { last_copy: 'yesterday' } ).last_copy ).toBeNull();
	} );
} );
