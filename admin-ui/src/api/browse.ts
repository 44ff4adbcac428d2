/**
 * Looking inside one backup: its folders, its tables, what changed since an
 * earlier one, a file's bytes, and restoring only some paths or tables.
 * Every list is paged by cursor: `next` is passed back as `after` until it
 * is null.
 *
 * A name that is not UTF-8 (file names need not be) comes base64-encoded
 * under "<key>_b64" instead of "<key>" (php/Browse/JsonText.php). The
 * shapes are the generated ones (rest-types.generated.ts).
 */
import apiFetch from '@wordpress/api-fetch';

import { NAMESPACE, request, restUrl, toApiError } from './client';
import { reportIfSessionEnded } from './session';
import type {
	RestChanges,
	RestFolderPage,
	RestPostBackupsIdRestoreArgs,
	RestTableChanges,
	RestTablesPage,
} from './rest-types.generated';
import type { ApiJob } from './types';

/** GET /backups/{id}/files. */
export type ApiFolderPage = RestFolderPage;

/** One path of a folder (php/Browse/FolderItem.php). */
export type ApiFolderItem = RestFolderPage[ 'items' ][ number ];

export type ItemType = ApiFolderItem[ 'type' ];

/** GET /backups/{id}/tables. */
export type ApiTablesPage = RestTablesPage;

/** One table of a backup (php/Browse/TableInfo.php). */
export type ApiTableInfo = RestTablesPage[ 'items' ][ number ];

/** GET /backups/{id}/changes. */
export type ApiChangesPage = RestChanges;

/** What changed between two backups, in a few numbers (php/Browse/ChangeSummary.php). */
export type ApiChangeSummary = NonNullable< RestChanges[ 'summary' ] >;

/** Files added, changed and removed in one part of the site (php/Browse/AreaCounts.php). */
export type ApiAreaCounts = ApiChangeSummary[ 'areas' ][ number ];

/** One path that differs between two backups (php/Browse/FileChange.php). */
export type ApiFileChange = RestChanges[ 'files' ][ number ];

export type ChangeKind = ApiFileChange[ 'kind' ];

/** GET /backups/{id}/changes/tables. */
export type ApiTableChangesPage = RestTableChanges;

/** A table whose contents differ between two backups (php/Browse/TableChange.php). */
export type ApiTableChange = RestTableChanges[ 'items' ][ number ];

/** The body of POST /backups/{id}/restore for some paths or tables only. */
export type SelectionRestoreRequest = Pick<
	RestPostBackupsIdRestoreArgs,
	'paths' | 'tables' | 'environment' | 'safety_backup'
>;

export const PER_PAGE = 200;

/**
 * A query string; `path` is given already percent-encoded (its bytes need
 * not be UTF-8), the rest are encoded here.
 *
 * @param args        Query arguments; empty or null ones are left out.
 * @param encodedPath The path argument, percent-encoded.
 */
function query(
	args: Record< string, string | number | null | undefined >,
	encodedPath?: string
): string {
	const parts = Object.entries( args )
		.filter( ( [ , value ] ) => value !== null && value !== undefined )
		.filter( ( [ , value ] ) => value !== '' )
		.map(
			( [ key, value ] ) =>
				`${ key }=${ encodeURIComponent( String( value ) ) }`
		);
	if ( encodedPath !== undefined ) {
		parts.unshift( `path=${ encodedPath }` );
	}
	return parts.length ? `?${ parts.join( '&' ) }` : '';
}

function backupRoute( id: string, rest: string ): string {
	return `/backups/${ encodeURIComponent( id ) }/${ rest }`;
}

/**
 * One page of a folder of a backup.
 *
 * @param id          The backup.
 * @param encodedPath The folder, percent-encoded; '' for the top.
 * @param after       The cursor of the page; null for the first.
 */
export function fetchFolder(
	id: string,
	encodedPath: string,
	after: string | null
): Promise< ApiFolderPage > {
	return request< ApiFolderPage >(
		backupRoute( id, 'files' ) +
			query( { after, per_page: PER_PAGE }, encodedPath )
	);
}

export function fetchTables(
	id: string,
	after: string | null
): Promise< ApiTablesPage > {
	return request< ApiTablesPage >(
		backupRoute( id, 'tables' ) + query( { after, per_page: PER_PAGE } )
	);
}

/**
 * One page of what changed in a backup since another one.
 *
 * @param id    The backup.
 * @param since The earlier backup; '' for the one before it.
 * @param after The cursor of the page; null for the first.
 */
export function fetchChanges(
	id: string,
	since: string,
	after: string | null
): Promise< ApiChangesPage > {
	return request< ApiChangesPage >(
		backupRoute( id, 'changes' ) +
			query( { since, after, per_page: PER_PAGE } )
	);
}

export function fetchTableChanges(
	id: string,
	since: string,
	after: string | null
): Promise< ApiTableChangesPage > {
	return request< ApiTableChangesPage >(
		backupRoute( id, 'changes/tables' ) +
			query( { since, after, per_page: PER_PAGE } )
	);
}

/**
 * A file's bytes as a response to read as the caller needs (a preview reads
 * only the start of a text file).
 *
 * @param id          The backup.
 * @param encodedPath The file, percent-encoded.
 */
export async function fetchFileContent(
	id: string,
	encodedPath: string
): Promise< Response > {
	try {
		return await apiFetch< Response >( {
			path:
				NAMESPACE +
				backupRoute( id, 'files/content' ) +
				query( { inline: 1 }, encodedPath ),
			parse: false,
		} );
	} catch ( error ) {
		// Unparsed requests reject with the response itself.
		const failed = error as { json?: () => Promise< unknown > } | null;
		const body =
			typeof failed?.json === 'function'
				? await failed.json().catch( () => error )
				: error;
		const apiError = toApiError( body );
		reportIfSessionEnded( apiError );
		throw apiError;
	}
}

/**
 * The link that downloads one file of a backup: the browser follows it
 * itself, so the nonce travels in the URL.
 *
 * @param id          The backup.
 * @param encodedPath The file, percent-encoded.
 * @param restRoot    The REST root URL.
 * @param nonce       A REST nonce of the logged-in admin.
 */
export function fileDownloadUrl(
	id: string,
	encodedPath: string,
	restRoot: string,
	nonce: string
): string {
	const url = restUrl(
		restRoot,
		NAMESPACE + backupRoute( id, 'files/content' ),
		{ _wpnonce: nonce }
	);
	return `${ url }&path=${ encodedPath }`;
}

/**
 * Starts restoring some paths or tables of a backup; the job is followed
 * like a full restore's.
 *
 * @param id   The backup.
 * @param body What to restore.
 */
export function restoreSelection(
	id: string,
	body: SelectionRestoreRequest
): Promise< ApiJob > {
	return request< ApiJob >( backupRoute( id, 'restore' ), {
		method: 'POST',
		data: body,
	} );
}
