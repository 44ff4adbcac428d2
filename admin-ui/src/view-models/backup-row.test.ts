import { backup as backupFixture } from '../test-utils/fixtures';
import { withSiteDate } from '../test-utils/site-date';
import {
	originLabel,
	scopeLabel,
	toBackupRow,
	withDistinctNames,
} from './backup-row';

const backup = backupFixture( {
	trigger: 'scheduled',
	note: '',
	created: '2026-11-26T02:30:00+00:00',
	expires: '2027-01-25T02:30:00+00:00',
	size: 1536 * 1024,
	stored_bytes: 2048,
} );

describe( 'a recovery point in the list', () => {
	// A site in Paris: dates show in its time zone, not the browser's.
	withSiteDate( 'Europe/Paris', 'Y-m-d' );

	it( 'shows a backup in the site time zone with its type and sizes', () => {
		const row = toBackupRow( backup, new Date( '2026-11-26T05:30:00Z' ) );
		expect( row.type ).toBe( 'Automatic' );
		expect( row.createdLabel ).toBe( '2026-11-26 03:30' );
		expect( row.createdRelative ).toBe( '3 hours ago' );
		expect( row.sizeLabel ).toBe( '1.5 MB' );
		expect( row.storedLabel ).toBe( '2.0 KB' );
		expect( row.expiresLabel ).toBe( '2027-01-25 03:30' );
		expect( row.name ).toBe( '2026-11-26 03:30:00' );
		expect( row.partial ).toBe( false );
		expect( row.skippedLabel ).toBe( '' );
		expect( row.scopeLabel ).toBe( '' );
		expect( row.originLabel ).toBe( '' );
	} );

	it( 'says which backup a safety backup was taken before restoring, in the site time zone', () => {
		const safety = toBackupRow(
			{
				...backup,
				trigger: 'safety',
				restore_of: {
					id: '01m8c24kk64pmvymegwwn0y3d1',
					created: '2026-12-04T20:22:41+00:00',
				},
			},
			new Date()
		);
		expect( safety.originLabel ).toBe(
			'Before restoring the backup of 2026-12-04 21:22'
		);
	} );

	it( 'says only that a safety backup came before a restore when the server does not say which', () => {
		expect(
			toBackupRow(
				{ ...backup, trigger: 'safety', restore_of: null },
				new Date()
			).originLabel
		).toBe( 'Before a restore' );
		// A server from before the field sends nothing.
		const { restore_of: _absent, ...older } = {
			...backup,
			trigger: 'safety' as const,
			restore_of: null,
		};
		expect( originLabel( older ) ).toBe( 'Before a restore' );
		// Only safety backups come before a restore.
		expect(
			originLabel( {
				...backup,
				trigger: 'manual',
				restore_of: {
					id: '01m8c24kk64pmvymegwwn0y3d1',
					created: '2026-12-04T20:22:41+00:00',
				},
			} )
		).toBe( '' );
	} );

	it( 'says what a backup of part of the site holds', () => {
		const safety = toBackupRow(
			{
				...backup,
				trigger: 'safety',
				scope: { paths: [ 'wp-content/uploads/a.jpg' ], tables: [] },
			},
			new Date()
		);
		expect( safety.type ).toBe( 'Safety' );
		expect( safety.scopeLabel ).toBe( 'Only 1 path' );
		expect( scopeLabel( { paths: [], tables: [ 'wp_options' ] } ) ).toBe(
			'Only 1 table'
		);
		expect(
			scopeLabel( { paths: [ 'a', 'b' ], tables: [ 'x', 'y', 'z' ] } )
		).toBe( 'Only 2 paths and 3 tables' );
	} );

	it( 'tells a backup with skipped files apart, counting them', () => {
		const one = toBackupRow(
			{
				...backup,
				status: 'partial',
				counts: { ...backup.counts, skipped: 1 },
			},
			new Date()
		);
		expect( one.statusLabel ).toBe( 'Complete, with skipped files' );
		expect( one.partial ).toBe( true );
		expect( one.skippedLabel ).toBe( '1 file skipped' );
		const three = toBackupRow(
			{
				...backup,
				status: 'partial',
				counts: { ...backup.counts, skipped: 3 },
			},
			new Date()
		);
		expect( three.skippedLabel ).toBe( '3 files skipped' );
	} );

	it( 'names backups made in the same minute apart, and in the same second by their order', () => {
		const now = new Date();
		// Newest first, as the list shows them: the order does not change the names.
		const rows = withDistinctNames(
			[
				{
					id: '01m8c24kk64pmvymegwwn0y3d3',
					created: '2026-11-26T02:30:41+00:00',
				},
				{
					id: '01m8c24kk64pmvymegwwn0y3d2',
					created: '2026-11-26T02:30:41+00:00',
				},
				{
					id: '01m8c24kk64pmvymegwwn0y3d1',
					created: '2026-11-26T02:30:05+00:00',
				},
			].map( ( made ) => toBackupRow( { ...backup, ...made }, now ) )
		);
		expect( rows.map( ( row ) => row.createdLabel ) ).toEqual( [
			'2026-11-26 03:30',
			'2026-11-26 03:30',
			'2026-11-26 03:30',
		] );
		expect( rows.map( ( row ) => row.name ) ).toEqual( [
			'2026-11-26 03:30:41 (2 of 2)',
			'2026-11-26 03:30:41 (1 of 2)',
			'2026-11-26 03:30:05',
		] );
		expect( new Set( rows.map( ( row ) => row.name ) ).size ).toBe( 3 );
		for ( const row of rows ) {
			expect( row.name ).not.toContain( row.id.slice( -6 ) );
		}
	} );

	it( 'says when the latest backup is kept past its date', () => {
		const row = toBackupRow(
			{ ...backup, expires: null, trigger: 'safety' },
			new Date()
		);
		expect( row.type ).toBe( 'Safety' );
		expect( row.expiresLabel ).toBe( 'Kept as the latest backup' );
	} );
} );
