/**
 * One file or table that differs between two recovery points, as the
 * comparison lists it: what happened to it, and its size and time before
 * and after.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import type { ApiFileChange, ApiTableChange, ChangeKind } from '../api/browse';
import { browseName } from './browse-path';
import { formatSiteDate } from './format-date';
import { formatBytes } from './format-size';

const NONE = '—';

export interface FileChangeRow {
	key: string;
	path: string;
	kind: ChangeKind;
	kindLabel: string;
	sizeBefore: string;
	sizeAfter: string;
	timeBefore: string;
	timeAfter: string;
	/** A PHP file that appeared in uploads. */
	flagged: boolean;
}

export interface TableChangeRow {
	name: string;
	kind: ChangeKind;
	kindLabel: string;
	/** "2 key ranges differ"; with "structure changed" when it did. */
	detail: string;
	sizeBefore: string;
	sizeAfter: string;
}

export function changeKindLabel( kind: ChangeKind ): string {
	switch ( kind ) {
		case 'added':
			return __( 'Added', 'site-backups' );
		case 'removed':
			return __( 'Removed', 'site-backups' );
		default:
			return __( 'Changed', 'site-backups' );
	}
}

function sizeLabel( bytes: number | null ): string {
	return bytes === null ? NONE : formatBytes( bytes );
}

function timeLabel( mtime: number | null ): string {
	return mtime === null
		? NONE
		: formatSiteDate( new Date( mtime * 1000 ).toISOString() );
}

/**
 * @param change A path as the server listed it.
 */
export function toFileChangeRow( change: ApiFileChange ): FileChangeRow {
	const path = browseName( change.path, change.path_b64 );
	return {
		key: path.encoded,
		path: path.shown,
		kind: change.kind,
		kindLabel: changeKindLabel( change.kind ),
		sizeBefore: sizeLabel( change.size_before ),
		sizeAfter: sizeLabel( change.size_after ),
		timeBefore: timeLabel( change.mtime_before ),
		timeAfter: timeLabel( change.mtime_after ),
		flagged: change.php_in_uploads,
	};
}

/**
 * @param change A table as the server listed it.
 */
export function toTableChangeRow( change: ApiTableChange ): TableChangeRow {
	const ranges = sprintf(
		/* translators: %d: number of key ranges of a table's rows. */
		_n(
			'%d key range differs',
			'%d key ranges differ',
			change.ranges_differing,
			'site-backups'
		),
		change.ranges_differing
	);
	const details = [ ranges ];
	const delta = change.row_delta ?? 0;
	if ( delta > 0 ) {
		details.push(
			sprintf(
				/* translators: %d: how many more rows the newer backup holds. */
				_n( '%d more row', '%d more rows', delta, 'site-backups' ),
				delta
			)
		);
	} else if ( delta < 0 ) {
		details.push(
			sprintf(
				/* translators: %d: how many fewer rows the newer backup holds. */
				_n( '%d fewer row', '%d fewer rows', -delta, 'site-backups' ),
				-delta
			)
		);
	}
	if ( change.schema_changed ) {
		details.push( __( 'its structure changed', 'site-backups' ) );
	}
	return {
		name: browseName( change.name, change.name_b64 ).shown,
		kind: change.kind,
		kindLabel: changeKindLabel( change.kind ),
		detail: details.join( '; ' ),
		sizeBefore:
			change.kind === 'added' ? NONE : formatBytes( change.bytes_before ),
		sizeAfter:
			change.kind === 'removed'
				? NONE
				: formatBytes( change.bytes_after ),
	};
}
