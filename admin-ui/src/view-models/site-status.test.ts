import type { ApiEnvironmentStatus } from '../api/types';
import { backupOutcome, siteStatus } from '../test-utils/fixtures';
import { withSiteDate } from '../test-utils/site-date';
import { toStatusLines, type StatusLine } from './site-status';

// 26 November 2026, 10:00 in Paris.
const NOW = new Date( '2026-11-26T09:00:00Z' );

function texts( lines: StatusLine[] | null ): string[] {
	return ( lines ?? [] ).map( ( line ) => line.text );
}

function production( overrides: Partial< ApiEnvironmentStatus > ) {
	return toStatusLines( siteStatus( overrides ), 'production', NOW );
}

function staging( overrides: Partial< ApiEnvironmentStatus > ) {
	return toStatusLines( siteStatus( {}, overrides ), 'staging', NOW );
}

describe( 'the status of production', () => {
	withSiteDate( 'Europe/Paris', 'F j, Y', 'g:i a' );

	it( 'tells the last backup, the next one, the recovery points and the copies', () => {
		expect(
			texts(
				production( {
					last_backup: backupOutcome( {
						time: '2026-11-26T08:22:00Z',
					} ),
					last_automatic: backupOutcome(),
					next_automatic: '2026-11-27T02:00:00Z',
					recovery_points: 14,
					oldest_recovery_point: '2026-11-02T02:00:00Z',
					offsite: {
						state: 'healthy',
						set_by_host: false,
						message: '',
						failed_at: null,
						last_copy: '2026-11-26T08:25:00Z',
					},
				} )
			)
		).toEqual( [
			'Last backup: today at 9:22 am, automatic, completed',
			'Next automatic backup: tomorrow at 3:00 am',
			'14 recovery points, the oldest from November 2, 2026',
			'Off-site copies are healthy.',
		] );
	} );

	it( 'counts days as the site’s clock does, not the browser’s', () => {
		// 23:30 in Paris on the 25th is 17:30 in New York, where jest runs.
		const lines = production( {
			last_backup: backupOutcome( {
				trigger: 'manual',
				time: '2026-11-25T22:30:00Z',
			} ),
			next_automatic: '2026-11-28T02:00:00Z',
		} );
		expect( texts( lines ).slice( 0, 2 ) ).toEqual( [
			'Last backup: yesterday at 11:30 pm, manual, completed',
			'Next automatic backup: November 28, 2026 at 3:00 am',
		] );
	} );

	it( 'puts a failed night first, in error styling, with its job to open', () => {
		const failed = backupOutcome( {
			id: null,
			job_id: 'a'.repeat( 32 ),
			outcome: 'failed',
			time: '2026-11-26T02:01:00Z',
			error: 'The disk is full.',
			skipped: null,
		} );
		const lines = production( {
			last_backup: failed,
			last_automatic: failed,
			automatic_failing: true,
			recovery_points: 1,
			oldest_recovery_point: '2026-11-25T02:00:00Z',
		} );
		expect( lines?.[ 0 ] ).toEqual( {
			id: 'automatic-failed',
			text: 'Last automatic backup failed: The disk is full.',
			tone: 'error',
			jobId: 'a'.repeat( 32 ),
		} );
		// Said once: the line of the last backup gives its time, not the reason again.
		expect( lines?.[ 1 ] ).toEqual( {
			id: 'last-backup',
			text: 'Last backup: today at 3:01 am, automatic, failed',
			tone: 'error',
			jobId: null,
		} );
		expect( texts( lines ) ).toContain(
			'1 recovery point, from November 25, 2026'
		);
	} );

	it( 'says a manual backup made after a failed night, and the failure still', () => {
		const lines = production( {
			last_backup: backupOutcome( {
				trigger: 'manual',
				time: '2026-11-26T08:00:00Z',
				skipped: 3,
			} ),
			last_automatic: backupOutcome( {
				id: null,
				job_id: 'a'.repeat( 32 ),
				outcome: 'failed',
				error: 'The disk is full.',
			} ),
			automatic_failing: true,
		} );
		expect( texts( lines ).slice( 0, 2 ) ).toEqual( [
			'Last automatic backup failed: The disk is full.',
			'Last backup: today at 9:00 am, manual, completed, 3 files skipped',
		] );
	} );

	it( 'says when nothing is backed up or scheduled yet', () => {
		expect(
			texts( production( { next_automatic: null } ) ).slice( 0, 3 )
		).toEqual( [
			'No backup yet',
			'No automatic backup is scheduled.',
			'No recovery points are kept on this server yet.',
		] );
	} );

	it( 'says why off-site copies fail, and since when', () => {
		const lines = production( {
			offsite: {
				state: 'failing',
				set_by_host: false,
				message: 'The bucket is full.',
				failed_at: '2026-11-26T02:05:00Z',
				last_copy: null,
			},
		} );
		expect( lines?.at( -1 ) ).toEqual( {
			id: 'offsite',
			text: 'Off-site copies have been failing since November 26, 2026 at 3:05 am: The bucket is full.',
			tone: 'error',
			jobId: null,
		} );
	} );

	it( 'says the host sets off-site copies up, after how they go', () => {
		const lines = production( {
			offsite: {
				state: 'untried',
				set_by_host: true,
				message: '',
				failed_at: null,
				last_copy: null,
			},
		} );
		expect( texts( lines ).slice( -2 ) ).toEqual( [
			'Off-site copies are on; none has been made yet.',
			'Off-site copies are set by your host.',
		] );
	} );

	it( 'says when the recovery points could not be read', () => {
		const status = siteStatus();
		status.store = { readable: false, error: 'Permission denied' };
		const lines = toStatusLines( status, 'production', NOW );
		expect( lines?.[ 0 ] ).toMatchObject( {
			id: 'store',
			text: 'The recovery points could not be read: Permission denied',
			tone: 'error',
		} );
		expect( lines?.map( ( line ) => line.id ) ).not.toContain(
			'recovery-points'
		);
	} );
} );

describe( 'the status of staging', () => {
	withSiteDate( 'Europe/Paris', 'F j, Y', 'g:i a' );

	it( 'tells the last manual backup and never a next automatic one', () => {
		const lines = staging( {
			last_backup: backupOutcome( {
				trigger: 'manual',
				time: '2026-11-23T09:00:00Z',
			} ),
			last_manual: '2026-11-23T09:00:00Z',
			recovery_points: 2,
			oldest_recovery_point: '2026-11-20T09:00:00Z',
		} );
		expect( texts( lines ) ).toEqual( [
			'Last backup: November 23, 2026 at 10:00 am, manual, completed',
			'Last manual backup: 3 days ago',
			'2 recovery points, the oldest from November 20, 2026',
			'Off-site copies are not set up: backups are kept on this server only.',
		] );
		expect( texts( lines ).join( ' ' ) ).not.toContain( 'automatic' );
	} );

	it( 'says there is no staging backup yet', () => {
		expect( texts( staging( {} ) ) ).toEqual( [
			'No staging backup yet',
			'Off-site copies are not set up: backups are kept on this server only.',
		] );
	} );

	it( 'says why the last staging backup failed', () => {
		const lines = staging( {
			last_backup: backupOutcome( {
				id: null,
				job_id: 'c'.repeat( 32 ),
				trigger: 'manual',
				outcome: 'failed',
				time: '2026-11-26T08:00:00Z',
				error: 'The staging database is gone.',
			} ),
		} );
		expect( lines?.[ 0 ] ).toEqual( {
			id: 'last-backup',
			text: 'Last backup: today at 9:00 am, manual, failed: The staging database is gone.',
			tone: 'error',
			jobId: 'c'.repeat( 32 ),
		} );
		expect( texts( lines ) ).toContain(
			'No manual backup of staging is kept.'
		);
	} );

	it( 'has no lines for an environment the status does not list', () => {
		const status = siteStatus();
		status.environments = status.environments.slice( 0, 1 );
		expect( toStatusLines( status, 'staging', NOW ) ).toBeNull();
	} );
} );
