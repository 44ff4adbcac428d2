import {
	IMAGE_PREVIEW_BYTES,
	previewKind,
	TEXT_PREVIEW_BYTES,
} from './browse-preview';

describe( 'previews', () => {
	it( 'shows images up to a size, whatever the case of their extension', () => {
		expect( previewKind( 'logo.PNG', 2048 ) ).toBe( 'image' );
		expect( previewKind( 'huge.jpg', IMAGE_PREVIEW_BYTES + 1 ) ).toBe(
			'none'
		);
	} );

	it( 'shows the start of text files of any size', () => {
		expect( previewKind( 'debug.log', TEXT_PREVIEW_BYTES * 50 ) ).toBe(
			'text'
		);
		expect( previewKind( 'wp-config.php', 3000 ) ).toBe( 'text' );
	} );

	it( 'offers other files only for download', () => {
		expect( previewKind( 'archive.zip', 10 ) ).toBe( 'none' );
		expect( previewKind( 'LICENSE', 10 ) ).toBe( 'none' );
	} );
} );
