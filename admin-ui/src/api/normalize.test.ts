import { setSettings, getSettings } from '@wordpress/date';

import { formatBytes, toBackupRow, toJobView } from './normalize';
import {
	backup as backupFixture,
	job as jobFixture,
} from '../test-utils/fixtures';

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
	const original = getSettings();
	beforeAll( () => {
		// A site in Paris: dates show in its time zone, not the browser's.
		setSettings( {
			...original,
			formats: { ...original.formats, date: 'Y-m-d', time: 'H:i' },
			timezone: {
				offset: '1',
				offsetFormatted: '+01:00',
				string: 'Europe/Paris',
				abbr: 'CET',
			},
		} );
	} );
	afterAll( () => setSettings( original ) );

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
} );
