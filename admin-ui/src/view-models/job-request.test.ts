import { job as jobFixture } from '../test-utils/fixtures';
import { fetchedBackupId, toRestoreInfo } from './job-request';

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

describe( 'what a restore works on', () => {
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

describe( 'what a fetch works on', () => {
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
