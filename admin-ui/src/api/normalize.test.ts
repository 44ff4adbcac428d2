import {
	fetchedBackupId,
	formatBytes,
	formatSiteMoment,
	formatTimeAgo,
	offsiteOf,
	offsiteSummary,
	offsiteWarnings,
	toBackupRow,
	toJobView,
	toRestoreInfo,
} from './normalize';
import type { ApiOffsite } from './types';
import {
	backup as backupFixture,
	fetchJob,
	job as jobFixture,
	offsiteSettings,
	settings,
} from '../test-utils/fixtures';
import { withSiteDate } from '../test-utils/site-date';

const backup = backupFixture( {
	trigger: 'scheduled',
	note: '',
	created: '2026-11-26T02:30:00+00:00',
	expires: '2027-01-25T02:30:00+00:00',
	size: 1536 * 1024,
	stored_bytes: 2048,
} );

const job = jobFixture( {
	environment: 'staging',
	progress: {
		phase: 'files',
		done: 25,
		total: 200,
		percent: null,
		bytes: 0,
		current: 'wp-content/uploads',
	},
} );

describe( 'normalisers', () => {
	// A site in Paris: dates show in its time zone, not the browser's.
	withSiteDate( 'Europe/Paris', 'Y-m-d' );

	it( 'formats sizes', () => {
		expect( formatBytes( 0 ) ).toBe( '0 B' );
		expect( formatBytes( 1536 ) ).toBe( '1.5 KB' );
		expect( formatBytes( 5 * 1024 ** 3 ) ).toBe( '5.0 GB' );
	} );

	it( 'shows a backup in the site time zone with its type and sizes', () => {
		const row = toBackupRow( backup, new Date( '2026-11-26T05:30:00Z' ) );
		expect( row.type ).toBe( 'Automatic' );
		expect( row.createdLabel ).toBe( '2026-11-26 03:30' );
		expect( row.createdRelative ).toBe( '3 hours ago' );
		expect( row.sizeLabel ).toBe( '1.5 MB' );
		expect( row.storedLabel ).toBe( '2.0 KB' );
		expect( row.expiresLabel ).toBe( '2027-01-25 03:30' );
	} );

	it( 'says when the latest backup is kept past its date', () => {
		const row = toBackupRow(
			{ ...backup, expires: null, trigger: 'safety' },
			new Date()
		);
		expect( row.type ).toBe( 'Safety' );
		expect( row.expiresLabel ).toBe( 'Kept as the latest backup' );
	} );

	it( 'computes a job percentage and phase', () => {
		const view = toJobView( job );
		expect( view.isRunning ).toBe( true );
		expect( view.percent ).toBe( 12 );
		expect( view.phaseLabel ).toBe( 'Backing up files' );
		expect( toJobView( { ...job, status: 'done' } ).percent ).toBe( 100 );
		expect(
			toJobView( {
				...job,
				progress: { ...job.progress, total: null },
			} ).percent
		).toBeNull();
	} );

	it( 'names a moment as a sentence says it', () => {
		expect( formatSiteMoment( '2026-11-26T02:12:00+00:00' ) ).toBe(
			'2026-11-26 at 03:12'
		);
	} );

	it( 'labels restore phases and stops offering cancel once the server says the site is switched', () => {
		const restore = {
			...job,
			kind: 'restore' as const,
			progress: { ...job.progress, phase: 'database' },
		};
		const view = toJobView( restore );
		expect( view.kind ).toBe( 'restore' );
		expect( view.phaseLabel ).toBe( 'Restoring the database' );
		expect( view.canCancel ).toBe( true );
		const switching = toJobView( {
			...restore,
			progress: { ...restore.progress, phase: 'switching' },
			committed: true,
			can_cancel: false,
		} );
		expect( switching.phaseLabel ).toBe( 'Switching to the restored site' );
		expect( switching.canCancel ).toBe( false );
		expect( toJobView( job ).canCancel ).toBe( true );
	} );

	it( 'reads a restore’s request and outcome', () => {
		expect( toRestoreInfo( job ) ).toBeNull();
		const restore = {
			...job,
			kind: 'restore' as const,
			params: {
				backup: 'b1',
				environment: 'staging' as const,
				parts: [ 'files' as const ],
				safety_backup: true,
			},
		};
		expect( toRestoreInfo( restore ) ).toEqual( {
			backupId: 'b1',
			target: 'staging',
			parts: [ 'files' ],
			safetyBackupId: null,
		} );
		expect(
			toRestoreInfo( {
				...restore,
				status: 'done',
				result: {
					backup: 'b1',
					safety_backup: 's1',
					environment: 'staging',
					parts: [ 'files' ],
				},
			} )?.safetyBackupId
		).toBe( 's1' );
	} );
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

	it( 'count a time a little ahead of this clock as now', () => {
		expect( formatTimeAgo( '2026-11-26T12:00:05Z', now ) ).toBe(
			'a few seconds ago'
		);
	} );
} );

describe( 'off-site job phases', () => {
	const phase = ( kind: 'backup' | 'restore' | 'fetch', name: string ) =>
		toJobView( {
			...job,
			kind,
			progress: { ...job.progress, phase: name },
		} ).phaseLabel;

	it( 'labels copying a backup off-site and fetching one for a restore', () => {
		expect( phase( 'backup', 'offsite' ) ).toBe(
			'Copying the backup off-site'
		);
		expect( phase( 'restore', 'fetching' ) ).toBe(
			'Fetching the backup from off-site storage'
		);
	} );

	it( 'follows a fetch whose size is unknown by the data fetched so far', () => {
		const fetch = fetchJob( 'b1' );
		const view = toJobView( fetch );
		expect( view.kind ).toBe( 'fetch' );
		expect( view.phaseLabel ).toBe( 'Fetching from off-site storage' );
		expect( view.percent ).toBeNull();
		expect( view.detail ).toBe( '1.5 MB fetched so far' );
		expect( view.canCancel ).toBe( true );
		expect(
			toJobView( { ...fetch, progress: { ...fetch.progress, bytes: 0 } } )
				.detail
		).toBe( '' );
		expect( phase( 'fetch', 'queued' ) ).toBe( 'Waiting to start' );
	} );

	it( 'names the backup a fetch brings back, and none for other jobs', () => {
		const fetch = { ...job, kind: 'fetch' as const };
		expect(
			fetchedBackupId( { ...fetch, params: { backup: 'b1' } } )
		).toBe( 'b1' );
		expect(
			fetchedBackupId( { ...fetch, result: { backup: 'b2' } } )
		).toBe( 'b2' );
		expect( fetchedBackupId( fetch ) ).toBeNull();
		expect(
			fetchedBackupId( { ...job, params: { backup: 'b1' } } )
		).toBeNull();
	} );
} );
