import { fetchJob, job as jobFixture } from '../test-utils/fixtures';
import { toJobView } from './job-view';

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

describe( 'a job’s progress', () => {
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
} );
