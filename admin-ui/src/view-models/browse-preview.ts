/**
 * Which files of a backup the screen previews, and how: an image shown as
 * it is, the start of a text file as text. Anything else, or anything too
 * big to fetch for a glance, is only offered for download.
 */

export type PreviewKind = 'image' | 'text' | 'none';

/** How much of a text file a preview shows. */
export const TEXT_PREVIEW_BYTES = 100 * 1024;

/** Images larger than this are not fetched just to be looked at. */
export const IMAGE_PREVIEW_BYTES = 10 * 1024 * 1024;

const IMAGE_EXTENSIONS = [
	'png',
	'jpg',
	'jpeg',
	'gif',
	'webp',
	'avif',
	'bmp',
	'ico',
	'svg',
];

const TEXT_EXTENSIONS = [
	'txt',
	'md',
	'log',
	'csv',
	'json',
	'xml',
	'yml',
	'yaml',
	'ini',
	'conf',
	'htaccess',
	'php',
	'phtml',
	'inc',
	'js',
	'mjs',
	'ts',
	'css',
	'scss',
	'html',
	'htm',
	'po',
	'pot',
	'sql',
	'sh',
];

/**
 * @param name The file's name.
 */
function extensionOf( name: string ): string {
	const dot = name.lastIndexOf( '.' );
	return dot === -1 ? '' : name.slice( dot + 1 ).toLowerCase();
}

/**
 * How a file can be previewed.
 *
 * @param name The file's name.
 * @param size Its size in bytes.
 */
export function previewKind( name: string, size: number ): PreviewKind {
	const extension = extensionOf( name );
	if ( IMAGE_EXTENSIONS.includes( extension ) ) {
		return size <= IMAGE_PREVIEW_BYTES ? 'image' : 'none';
	}
	return TEXT_EXTENSIONS.includes( extension ) ? 'text' : 'none';
}
