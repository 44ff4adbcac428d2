/**
 * What a running job has counted so far, in words: "1,204 of 4,001 files ·
 * 12 of 43 tables · 120 MB".
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import type { ApiJob } from '../api/types';
import { pageLocale } from '../page-data';
import { formatBytes } from './format-size';
import type { JobViewKind } from './job-phase-labels';

/** Units done, and in all when known. */
export interface JobCount {
	done: number;
	total: number | null;
}

/**
 * A job's progress; servers before the files and tables counts send
 * neither.
 */
type CountedProgress = ApiJob[ 'progress' ] & {
	files?: JobCount | null;
	tables?: JobCount | null;
};

/**
 * "1,204 of 4,001 files · 12 of 43 tables · 120 MB"; '' when there is
 * nothing to count yet. A fetch says its own amount (see job-view.ts).
 *
 * @param kind     How the job is shown.
 * @param progress The job's progress.
 */
export function formatJobCounts(
	kind: JobViewKind,
	progress: CountedProgress
): string {
	if ( kind === 'fetch' ) {
		return '';
	}
	const parts: string[] = [];
	const files = filesOf( kind, progress );
	if ( files ) {
		parts.push( filesText( files ) );
	}
	if ( progress.tables ) {
		parts.push( tablesText( progress.tables ) );
	}
	if ( progress.bytes > 0 ) {
		parts.push( formatBytes( progress.bytes ) );
	}
	return joinCounts( parts );
}

/**
 * "12 files · 3 tables": counts side by side.
 *
 * @param parts The counts, in words; empty ones are left out.
 */
export function joinCounts( parts: string[] ): string {
	const [ first = '', ...rest ] = parts.filter( Boolean );
	return rest.reduce(
		( joined, part ) =>
			sprintf(
				/* translators: 1: counts so far, such as "12 files", 2: one more, such as "3 tables". */
				__( '%1$s · %2$s', 'site-backups' ),
				joined,
				part
			),
		first
	);
}

/**
 * The files counted: as the server counts them, else a backup's or
 * restore's files phase counts files.
 *
 * @param kind     How the job is shown.
 * @param progress The job's progress.
 */
function filesOf(
	kind: JobViewKind,
	progress: CountedProgress
): JobCount | null {
	if ( progress.files ) {
		return progress.files;
	}
	if ( progress.phase === 'files' && progress.done > 0 ) {
		return {
			done: progress.done,
			total: kind === 'backup' ? progress.total : null,
		};
	}
	return null;
}

function number( value: number ): string {
	return new Intl.NumberFormat( pageLocale() ).format( value );
}

function filesText( { done, total }: JobCount ): string {
	if ( total === null ) {
		return sprintf(
			/* translators: %s: a number of files. */
			_n( '%s file', '%s files', done, 'site-backups' ),
			number( done )
		);
	}
	return sprintf(
		/* translators: 1: files done, 2: files in all. */
		_n( '%1$s of %2$s file', '%1$s of %2$s files', total, 'site-backups' ),
		number( done ),
		number( total )
	);
}

function tablesText( { done, total }: JobCount ): string {
	if ( total === null ) {
		return sprintf(
			/* translators: %s: a number of database tables. */
			_n( '%s table', '%s tables', done, 'site-backups' ),
			number( done )
		);
	}
	return sprintf(
		/* translators: 1: database tables done, 2: tables in all. */
		_n(
			'%1$s of %2$s table',
			'%1$s of %2$s tables',
			total,
			'site-backups'
		),
		number( done ),
		number( total )
	);
}
