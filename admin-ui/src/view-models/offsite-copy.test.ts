import type { ApiBackup } from '../api/types';
import { backup as backupFixture } from '../test-utils/fixtures';
import { toBackupRow } from './backup-row';
import { offsiteCopyView } from './offsite-copy';

const backup = backupFixture( { stored_bytes: 1000 } );

const withCopy = ( copy: ApiBackup[ 'offsite_copy' ] ): ApiBackup => ( {
	...backup,
	offsite_copy: copy,
} );

describe( "a backup's copy off-site on its row", () => {
	it( 'says how far the copy under way is', () => {
		const row = toBackupRow(
			withCopy( {
				state: 'copying',
				done_bytes: 400,
				total_bytes: 1000,
			} ),
			new Date()
		);
		expect( row.offsiteCopy ).toBe( 'copying' );
		expect( row.offsiteCopyPercent ).toBe( 40 );
		expect( row.offsiteCopyLabel ).toBe( 'Copying off-site… 40%' );
	} );

	it( 'stays below 100% until the server says it is copied', () => {
		expect(
			offsiteCopyView(
				withCopy( {
					state: 'copying',
					done_bytes: 999,
					total_bytes: 1000,
				} )
			)
		).toEqual( {
			state: 'copying',
			percent: 99,
			label: 'Copying off-site… 99%',
		} );
	} );

	it( 'gives no number once the copy sent more than estimated', () => {
		expect(
			offsiteCopyView(
				withCopy( {
					state: 'copying',
					done_bytes: 1200,
					total_bytes: 1000,
				} )
			)
		).toEqual( {
			state: 'copying',
			percent: null,
			label: 'Copying off-site…',
		} );
	} );

	it( 'says copying without a number when the size is not known', () => {
		expect(
			offsiteCopyView( withCopy( { state: 'copying', done_bytes: 5 } ) )
		).toEqual( {
			state: 'copying',
			percent: null,
			label: 'Copying off-site…',
		} );
	} );

	it( 'names a copy to come, one that failed, and one done', () => {
		const label = ( state: 'waiting' | 'failed' | 'copied' ) => {
			const row = toBackupRow( withCopy( { state } ), new Date() );
			return [
				row.offsiteCopy,
				row.offsiteCopyLabel,
				row.offsiteCopyPercent,
			];
		};
		expect( label( 'waiting' ) ).toEqual( [
			'waiting',
			'Waiting to copy off-site',
			null,
		] );
		expect( label( 'failed' ) ).toEqual( [
			'failed',
			'Off-site copy failed',
			null,
		] );
		expect( label( 'copied' ) ).toEqual( [
			'copied',
			'Copied off-site',
			null,
		] );
	} );

	it( 'says nothing when copies do not go off-site', () => {
		const off = toBackupRow( withCopy( null ), new Date() );
		expect( [ off.offsiteCopy, off.offsiteCopyLabel ] ).toEqual( [
			null,
			'',
		] );
		// A server from before copies were jobs of their own does not send it.
		expect( offsiteCopyView( backup ) ).toBeNull();
	} );
} );
