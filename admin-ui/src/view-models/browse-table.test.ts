import type { ApiTableInfo } from '../api/browse';
import { toBrowseTable } from './browse-table';

function table( overrides: Partial< ApiTableInfo > = {} ): ApiTableInfo {
	return {
		name: 'wp_posts',
		rows: 1204,
		ranges: 1,
		bytes: 2048,
		strategy: 'range',
		key: [ 'ID' ],
		auto_increment: 12,
		data_length: 16384,
		index_length: 0,
		engine: 'InnoDB',
		skipped: null,
		...overrides,
	} as ApiTableInfo;
}

describe( 'a table of a backup', () => {
	it( 'reads its size from its SQL, and counts its key ranges', () => {
		expect( toBrowseTable( table() ) ).toMatchObject( {
			sizeLabel: '2.0 KB',
			rowsLabel: '1,204',
			rangesLabel: '1 key range',
			skipped: '',
		} );
		expect( toBrowseTable( table( { ranges: 3 } ) ).rangesLabel ).toBe(
			'3 key ranges'
		);
		expect( toBrowseTable( table( { rows: null } ) ).rowsLabel ).toBe(
			'—'
		);
	} );

	it( 'falls back on the server’s figure, and says why rows were not copied', () => {
		expect(
			toBrowseTable(
				table( { bytes: 0, ranges: 0, skipped: 'excluded' } )
			)
		).toMatchObject( {
			sizeLabel: '16.0 KB',
			skipped: 'Rows not copied: excluded',
		} );
	} );
} );
