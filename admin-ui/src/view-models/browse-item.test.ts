import type { ApiFolderItem } from '../api/browse';
import { withSiteDate } from '../test-utils/site-date';
import { toBrowseItem } from './browse-item';

function item( overrides: Partial< ApiFolderItem > = {} ): ApiFolderItem {
	return {
		name: 'index.php',
		path: 'index.php',
		type: 'file',
		size: 1536,
		mode: '0644',
		// 26 November 2026, 10:00 UTC.
		mtime: Date.UTC( 2026, 10, 26, 10, 0 ) / 1000,
		target: null,
		backed_up: true,
		reason: null,
		...overrides,
	} as ApiFolderItem;
}

withSiteDate( 'Europe/Paris' );

describe( 'a path of a folder', () => {
	it( 'gives a file its size and its time in the site’s time zone', () => {
		const shown = toBrowseItem( item() );
		expect( shown.sizeLabel ).toBe( '1.5 KB' );
		expect( shown.modifiedLabel ).toBe( '26 November 2026 11:00' );
		expect( shown.leftOut ).toBe( '' );
		expect( shown.preview ).toBe( 'text' );
	} );

	it( 'says why the backup left a file out, and offers no preview of it', () => {
		const shown = toBrowseItem(
			item( {
				name: 'big.zip',
				path: 'big.zip',
				backed_up: false,
				reason: 'larger than 2 GB',
			} )
		);
		expect( shown.leftOut ).toBe( 'Not in this backup: larger than 2 GB' );
		expect( shown.preview ).toBe( 'none' );
	} );

	it( 'shows where a link points, and a folder without a size', () => {
		expect(
			toBrowseItem(
				item( {
					name: 'current',
					path: 'current',
					type: 'symlink',
					size: 0,
					target: 'releases/42',
				} )
			).targetLabel
		).toBe( 'Link to releases/42' );
		const folder = toBrowseItem(
			item( { name: 'wp-content', path: 'wp-content', type: 'dir' } )
		);
		expect( folder.isFolder ).toBe( true );
		expect( folder.sizeLabel ).toBe( '' );
	} );
} );
