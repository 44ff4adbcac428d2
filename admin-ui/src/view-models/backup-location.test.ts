import { backup as backupFixture } from '../test-utils/fixtures';
import { toBackupRow } from './backup-row';

const backup = backupFixture( {
	trigger: 'scheduled',
	note: '',
	created: '2026-11-26T02:30:00+00:00',
	expires: '2027-01-25T02:30:00+00:00',
	size: 1536 * 1024,
	stored_bytes: 2048,
} );

describe( 'where a backup is kept', () => {
	const now = new Date( '2026-11-26T12:00:00Z' );
	const where = ( locations: unknown ) => {
		const row = toBackupRow(
			{ ...backup, locations } as typeof backup,
			now
		);
		return [ row.locationLabel, row.offsiteOnly, row.locations ];
	};

	it( 'names this server, the bucket, or both', () => {
		expect( where( [ 'local' ] ) ).toEqual( [
			'Local',
			false,
			[ 'local' ],
		] );
		expect( where( [ 'offsite' ] ) ).toEqual( [
			'Off-site',
			true,
			[ 'offsite' ],
		] );
		expect( where( [ 'offsite', 'local' ] ) ).toEqual( [
			'Local + off-site',
			false,
			[ 'local', 'offsite' ],
		] );
	} );

	it( 'counts a backup from a server without off-site copies as local', () => {
		expect( where( undefined ) ).toEqual( [ 'Local', false, [ 'local' ] ] );
		expect( where( [] ) ).toEqual( [ 'Local', false, [ 'local' ] ] );
		expect( where( [ 'elsewhere' ] ) ).toEqual( [
			'Local',
			false,
			[ 'local' ],
		] );
	} );
} );
