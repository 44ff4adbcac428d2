import { backup, job } from '../test-utils/fixtures';
import { withSiteDate } from '../test-utils/site-date';

import {
	backupEndNotice,
	fetchEndNotice,
	restoreEndNotice,
} from './job-end-notices';

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

describe( 'notices when a fetch ends', () => {
	const fetch = job( { kind: 'fetch', params: { backup: backup().id } } );
	withSiteDate( 'UTC' );

	it( 'says the backup can be downloaded now, and stays until dismissed', () => {
		expect(
			fetchEndNotice(
				{ ...fetch, status: 'done', result: { backup: backup().id } },
				backup()
			)
		).toEqual( {
			status: 'success',
			snackbar: false,
			content:
				'The backup of 26 November 2026 at 10:00 is on this server now: you can download it.',
		} );
		expect(
			fetchEndNotice( { ...fetch, status: 'done' }, null ).content
		).toBe( 'The backup is on this server now: you can download it.' );
	} );

	it( 'shows why a fetch failed, or says it did', () => {
		expect(
			fetchEndNotice(
				{ ...fetch, status: 'failed', message: 'The bucket is gone.' },
				null
			)
		).toEqual( {
			status: 'error',
			snackbar: false,
			content: 'The bucket is gone.',
		} );
		expect(
			fetchEndNotice( { ...fetch, status: 'failed' }, null ).content
		).toBe( 'The backup could not be fetched from off-site storage.' );
	} );

	it( 'says a cancelled fetch left the backup off-site', () => {
		expect(
			fetchEndNotice( { ...fetch, status: 'cancelled' }, null )
		).toEqual( {
			status: 'info',
			snackbar: true,
			content:
				'Fetching the backup was cancelled. It is still kept off-site.',
		} );
	} );
} );
