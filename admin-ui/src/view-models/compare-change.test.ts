import type { ApiFileChange, ApiTableChange } from '../api/browse';
import { withSiteDate } from '../test-utils/site-date';
import { toFileChangeRow, toTableChangeRow } from './compare-change';

withSiteDate( 'UTC' );

function fileChange( overrides: Partial< ApiFileChange > = {} ): ApiFileChange {
	return {
		path: 'wp-content/plugins/hello.php',
		kind: 'changed',
		type_before: 'file',
		type_after: 'file',
		fields: [ 'size', 'content', 'mtime' ],
		size_before: 1024,
		size_after: 2048,
		mtime_before: Date.UTC( 2026, 10, 25, 9, 0 ) / 1000,
		mtime_after: Date.UTC( 2026, 10, 26, 9, 30 ) / 1000,
		mode_before: '0644',
		mode_after: '0644',
		area: 'wp-content/plugins',
		php_in_uploads: false,
		...overrides,
	} as ApiFileChange;
}

function tableChange(
	overrides: Partial< ApiTableChange > = {}
): ApiTableChange {
	return {
		name: 'wp_options',
		kind: 'changed',
		schema_changed: false,
		ranges_before: 3,
		ranges_after: 3,
		ranges_only_before: 1,
		ranges_only_after: 1,
		ranges_differing: 1,
		bytes_before: 4096,
		bytes_after: 5120,
		auto_increment_before: null,
		auto_increment_after: null,
		data_length_before: null,
		data_length_after: null,
		rows_before: null,
		rows_after: null,
		row_delta: null,
		...overrides,
	} as ApiTableChange;
}

describe( 'a change between two recovery points', () => {
	it( 'gives a changed file its sizes and times before and after', () => {
		expect( toFileChangeRow( fileChange() ) ).toMatchObject( {
			path: 'wp-content/plugins/hello.php',
			kindLabel: 'Changed',
			sizeBefore: '1.0 KB',
			sizeAfter: '2.0 KB',
			timeBefore: '25 November 2026 09:00',
			timeAfter: '26 November 2026 09:30',
			flagged: false,
		} );
	} );

	it( 'shows a dash for what an added file did not have, and flags PHP in uploads', () => {
		expect(
			toFileChangeRow(
				fileChange( {
					path: 'wp-content/uploads/shell.php',
					kind: 'added',
					size_before: null,
					mtime_before: null,
					php_in_uploads: true,
				} )
			)
		).toMatchObject( {
			kindLabel: 'Added',
			sizeBefore: '—',
			timeBefore: '—',
			flagged: true,
		} );
	} );

	it( 'says how many key ranges of a table differ, and when its structure changed', () => {
		expect( toTableChangeRow( tableChange() ).detail ).toBe(
			'1 key range differs'
		);
		expect(
			toTableChangeRow(
				tableChange( { ranges_differing: 4, schema_changed: true } )
			).detail
		).toBe( '4 key ranges differ; its structure changed' );
		expect(
			toTableChangeRow(
				tableChange( { rows_before: 10, rows_after: 13, row_delta: 3 } )
			).detail
		).toBe( '1 key range differs; 3 more rows' );
		expect(
			toTableChangeRow( tableChange( { row_delta: -1 } ) ).detail
		).toBe( '1 key range differs; 1 fewer row' );
		expect(
			toTableChangeRow( tableChange( { kind: 'removed' } ) )
		).toMatchObject( {
			kindLabel: 'Removed',
			sizeAfter: '—',
		} );
	} );
} );
