import { job } from '../test-utils/fixtures';
import { formatJobCounts, joinCounts } from './job-counts';

const progress = job().progress;

describe( 'what a job has counted', () => {
	afterEach( () => {
		document.documentElement.lang = '';
	} );

	it( 'says files, tables and data read, with thousands grouped', () => {
		expect(
			formatJobCounts( 'backup', {
				...progress,
				phase: 'source:database',
				bytes: 120 * 1024 * 1024,
				files: { done: 1204, total: 4001 },
				tables: { done: 12, total: 43 },
			} )
		).toBe( '1,204 of 4,001 files · 12 of 43 tables · 120 MB' );
	} );

	it( 'says what a restore has counted as the server counts it, past its files phase too', () => {
		expect(
			formatJobCounts( 'restore', {
				...progress,
				phase: 'files',
				done: 2400,
				total: null,
				bytes: 0,
				files: { done: 1204, total: 4001 },
				tables: { done: 43, total: 43 },
			} )
		).toBe( '1,204 of 4,001 files · 43 of 43 tables' );
		expect(
			formatJobCounts( 'restore', {
				...progress,
				phase: 'switching',
				done: 1,
				total: null,
				bytes: 0,
				files: { done: 4001, total: 4001 },
				tables: { done: 43, total: 43 },
			} )
		).toBe( '4,001 of 4,001 files · 43 of 43 tables' );
	} );

	it( 'says one file and one table in the singular', () => {
		expect(
			formatJobCounts( 'backup', {
				...progress,
				bytes: 0,
				files: { done: 0, total: 1 },
				tables: { done: 1, total: null },
			} )
		).toBe( '0 of 1 file · 1 table' );
		expect(
			formatJobCounts( 'restore', {
				...progress,
				phase: 'files',
				done: 1,
				total: null,
				bytes: 0,
			} )
		).toBe( '1 file' );
	} );

	it( 'reads an older server’s files phase from its done and total', () => {
		expect(
			formatJobCounts( 'backup', {
				...progress,
				phase: 'files',
				done: 2,
				total: 3,
				bytes: 2048,
			} )
		).toBe( '2 of 3 files · 2.0 KB' );
		expect(
			formatJobCounts( 'backup', {
				...progress,
				phase: 'queued',
				done: 0,
				total: null,
				bytes: 0,
			} )
		).toBe( '' );
	} );

	it( 'groups thousands as the admin’s language does', () => {
		document.documentElement.lang = 'de-DE';
		expect(
			formatJobCounts( 'backup', {
				...progress,
				bytes: 0,
				files: { done: 1204, total: 4001 },
			} )
		).toBe( '1.204 of 4.001 files' );
	} );

	it( 'leaves a fetch’s amount to its own line', () => {
		expect( formatJobCounts( 'fetch', { ...progress, bytes: 1024 } ) ).toBe(
			''
		);
	} );

	it( 'joins only what there is', () => {
		expect( joinCounts( [ '', 'a', '', 'b' ] ) ).toBe( 'a · b' );
		expect( joinCounts( [] ) ).toBe( '' );
	} );
} );
