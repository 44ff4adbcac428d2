/**
 * What changed between two recovery points, in plain words: files added,
 * changed and removed per part of the site, PHP files that appeared in the
 * uploads folder (where break-ins leave them, never WordPress), and tables.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import type { ApiAreaCounts, ApiChangeSummary } from '../api/browse';
import { browseName } from './browse-path';

/**
 * The part of the site as a sentence names it.
 *
 * @param area The area, as the server names it ('' for the top folder).
 */
export function areaLabel( area: string ): string {
	return area === ''
		? __( 'the top folder of the site', 'site-backups' )
		: area;
}

/**
 * "14 files changed in wp-content/plugins", one for each kind of change.
 *
 * @param counts One part of the site's counts.
 */
function areaSentences( counts: ApiAreaCounts ): string[] {
	const area = areaLabel( browseName( counts.area, counts.area_b64 ).shown );
	const sentences: string[] = [];
	if ( counts.added > 0 ) {
		sentences.push(
			sprintf(
				/* translators: 1: number of files, 2: a folder of the site, such as wp-content/plugins. */
				_n(
					'%1$d file added in %2$s',
					'%1$d files added in %2$s',
					counts.added,
					'site-backups'
				),
				counts.added,
				area
			)
		);
	}
	if ( counts.changed > 0 ) {
		sentences.push(
			sprintf(
				/* translators: 1: number of files, 2: a folder of the site, such as wp-content/plugins. */
				_n(
					'%1$d file changed in %2$s',
					'%1$d files changed in %2$s',
					counts.changed,
					'site-backups'
				),
				counts.changed,
				area
			)
		);
	}
	if ( counts.removed > 0 ) {
		sentences.push(
			sprintf(
				/* translators: 1: number of files, 2: a folder of the site, such as wp-content/plugins. */
				_n(
					'%1$d file removed from %2$s',
					'%1$d files removed from %2$s',
					counts.removed,
					'site-backups'
				),
				counts.removed,
				area
			)
		);
	}
	return sentences;
}

/**
 * "3 tables changed", one for each kind of change.
 *
 * @param tables The tables' counts.
 */
function tableSentences( tables: ApiChangeSummary[ 'tables' ] ): string[] {
	const sentences: string[] = [];
	if ( tables.added > 0 ) {
		sentences.push(
			sprintf(
				/* translators: %d: number of database tables. */
				_n(
					'%d table added',
					'%d tables added',
					tables.added,
					'site-backups'
				),
				tables.added
			)
		);
	}
	if ( tables.changed > 0 ) {
		sentences.push(
			sprintf(
				/* translators: %d: number of database tables. */
				_n(
					'%d table changed',
					'%d tables changed',
					tables.changed,
					'site-backups'
				),
				tables.changed
			)
		);
	}
	if ( tables.removed > 0 ) {
		sentences.push(
			sprintf(
				/* translators: %d: number of database tables. */
				_n(
					'%d table removed',
					'%d tables removed',
					tables.removed,
					'site-backups'
				),
				tables.removed
			)
		);
	}
	return sentences;
}

/**
 * "2 new PHP files in uploads"; '' when none appeared.
 *
 * @param count PHP files that appeared in the uploads folder.
 */
export function phpInUploadsSentence( count: number ): string {
	return count > 0
		? sprintf(
				/* translators: %d: number of PHP files. */
				_n(
					'%d new PHP file in uploads',
					'%d new PHP files in uploads',
					count,
					'site-backups'
				),
				count
			)
		: '';
}

/**
 * The summary's sentences, files by part of the site, then the PHP files
 * in uploads, then tables; one that says nothing changed when nothing did.
 *
 * @param summary The server's summary.
 */
export function summarySentences( summary: ApiChangeSummary ): string[] {
	const sentences = [
		...summary.areas.flatMap( areaSentences ),
		phpInUploadsSentence( summary.php_in_uploads.count ),
		...tableSentences( summary.tables ),
	].filter( ( sentence ) => sentence !== '' );
	return sentences.length > 0
		? sentences
		: [
				__(
					'Nothing changed in the files or the database.',
					'site-backups'
				),
			];
}

/**
 * The warning about PHP files in uploads; '' when none appeared.
 *
 * @param count PHP files that appeared in the uploads folder.
 */
export function phpInUploadsWarning( count: number ): string {
	return count > 0
		? sprintf(
				/* translators: %d: number of PHP files. */
				_n(
					'%d PHP file appeared in the uploads folder. WordPress never puts code there: break-ins often do. Check it before you keep or restore this recovery point.',
					'%d PHP files appeared in the uploads folder. WordPress never puts code there: break-ins often do. Check them before you keep or restore this recovery point.',
					count,
					'site-backups'
				),
				count
			)
		: '';
}
