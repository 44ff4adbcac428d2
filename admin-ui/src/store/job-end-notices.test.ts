import { backup, job } from '../test-utils/fixtures';
import { backupEndNotice, restoreEndNotice } from './job-end-notices';

const restore = job( {
	kind: 'restore',
	environment: 'staging',
	params: {
		backup: backup().id,
		environment: 'staging',
		parts: [ 'database' ],
		safety_backup: true,
	},
} );

describe( 'notices when a job ends', () => {
	it( 'keeps the backup messages', () => {
		expect( backupEndNotice( job( { status: 'done' } ) ) ).toEqual( {
			status: 'success',
			snackbar: true,
			content: 'The production backup is complete.',
		} );
	} );

	it( 'says a cancelled restore changed nothing', () => {
		expect(
			restoreEndNotice( { ...restore, status: 'cancelled' }, null )
		).toEqual( {
			status: 'info',
			snackbar: true,
			content: 'The restore was cancelled. Staging was not changed.',
		} );
	} );

	it( 'still reports a finished restore when the backup cannot be found', () => {
		const notice = restoreEndNotice(
			{
				...restore,
				status: 'done',
				result: {
					backup: backup().id,
					safety_backup: null,
					environment: 'staging',
					parts: [ 'database' ],
				},
			},
			null
		);
		expect( notice.content ).toBe( 'Staging was restored.' );
		expect( notice.snackbar ).toBe( false );
	} );

	it( 'falls back to a plain sentence when a failed restore has no message', () => {
		expect(
			restoreEndNotice( { ...restore, status: 'failed' }, null ).content
		).toBe( 'The restore failed.' );
	} );
} );
