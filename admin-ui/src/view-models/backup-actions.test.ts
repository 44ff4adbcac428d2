import { backup } from '../test-utils/fixtures';
import { backupActions } from './backup-actions';
import { toBackupRow } from './backup-row';

const NOW = new Date( '2026-11-27T00:00:00Z' );

function refusals( row: ReturnType< typeof toBackupRow > ) {
	return Object.fromEntries(
		backupActions( row, '', false )
			.filter(
				( action ) => action.id === 'browse' || action.id === 'compare'
			)
			.map( ( action ) => [ action.id, action.refused ] )
	);
}

describe( 'browsing and comparing a backup', () => {
	it( 'are offered for a backup kept here', () => {
		expect( refusals( toBackupRow( backup(), NOW ) ) ).toEqual( {
			browse: '',
			compare: '',
		} );
	} );

	it( 'ask for a backup kept only off-site to be fetched first', () => {
		const row = toBackupRow( backup( { locations: [ 'offsite' ] } ), NOW );
		expect( refusals( row ) ).toEqual( {
			browse: 'It is kept only off-site: fetch it to this server first.',
			compare: 'It is kept only off-site: fetch it to this server first.',
		} );
	} );
} );
