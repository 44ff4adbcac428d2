/**
 * The one door to the REST API: apiFetch with the plugin's namespace, and
 * errors turned into ApiError so callers can show a readable message.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';
import { addQueryArgs } from '@wordpress/url';

import { reportIfSessionEnded } from './session';

export const NAMESPACE = '/site-backups/v1';

export class ApiError extends Error {
	readonly code: string;
	readonly status: number | null;
	readonly data: unknown;

	constructor(
		message: string,
		code: string,
		status: number | null,
		data: unknown
	) {
		super( message );
		this.name = 'ApiError';
		this.code = code;
		this.status = status;
		this.data = data;
	}
}

interface WpErrorBody {
	code?: unknown;
	message?: unknown;
	data?: { status?: unknown } & Record< string, unknown >;
}

/**
 * Whether apiFetch gave up refreshing an invalid nonce: it rejects with the
 * nonce endpoint's response, which fails once the login has ended.
 *
 * @param error The rejection value.
 */
function isFailedNonceRefresh( error: unknown ): boolean {
	const response = error as { url?: unknown; status?: unknown } | null;
	return (
		typeof response?.url === 'string' &&
		typeof response.status === 'number' &&
		response.url.includes( 'action=rest-nonce' )
	);
}

/** What WordPress answers when the cookie no longer names a login, or its nonce expired. */
const LOGGED_OUT_CODES = [ 'rest_not_logged_in', 'rest_cookie_invalid_nonce' ];

/**
 * What the screen says when an answer is not JSON: the API is down, or PHP
 * stopped with a fatal error and printed a page instead.
 */
export function restApiDown(): ApiError {
	return new ApiError(
		__(
			"The site's REST API did not answer. The site may be down or have a PHP error; try again in a moment, and if it lasts, look at the site's error log.",
			'site-backups'
		),
		'invalid_json',
		null,
		null
	);
}

/**
 * Whether the admin's login has ended (or its nonce expired): logging in
 * again is the fix, not retrying.
 *
 * @param error The API error.
 */
export function isLoggedOut( error: ApiError ): boolean {
	return error.status === 401 || LOGGED_OUT_CODES.includes( error.code );
}

/**
 * Turns whatever apiFetch rejected with into an ApiError.
 *
 * @param error The rejection value.
 */
export function toApiError( error: unknown ): ApiError {
	if ( error instanceof ApiError ) {
		return error;
	}
	if ( error instanceof SyntaxError ) {
		return restApiDown();
	}
	if ( isFailedNonceRefresh( error ) ) {
		return new ApiError(
			__( 'You are no longer logged in.', 'site-backups' ),
			'rest_not_logged_in',
			401,
			null
		);
	}
	const body = ( error ?? {} ) as WpErrorBody;
	// apiFetch's own words for an answer that is not JSON say nothing of why.
	if ( body.code === 'invalid_json' ) {
		return restApiDown();
	}
	const status =
		typeof body.data?.status === 'number' ? body.data.status : null;
	const code = typeof body.code === 'string' ? body.code : 'unknown_error';
	if ( status === 401 || LOGGED_OUT_CODES.includes( code ) ) {
		return new ApiError(
			__( 'You are no longer logged in.', 'site-backups' ),
			code,
			status,
			body.data ?? null
		);
	}
	const message =
		typeof body.message === 'string' && body.message
			? body.message
			: __(
					'The server could not be reached. Check your connection and try again.',
					'site-backups'
				);
	return new ApiError( message, code, status, body.data ?? null );
}

function reported( error: ApiError ): ApiError {
	reportIfSessionEnded( error );
	return error;
}

/**
 * The URL of a route, joined to the REST root as apiFetch joins it (the
 * root is "…/?rest_route=/" on sites without pretty permalinks).
 *
 * @param root  The REST root, ending with a slash.
 * @param route Route below the root, starting with a slash.
 * @param args  Query arguments.
 */
export function restUrl(
	root: string,
	route: string,
	args: Record< string, string > = {}
): string {
	return addQueryArgs( root + route.replace( /^\//, '' ), args );
}

/**
 * The REST nonce in use: apiFetch's own when WordPress set it up (it renews
 * it when it expires), else the one the page was served with.
 *
 * @param fallback The nonce the page was served with.
 */
export function currentRestNonce( fallback: string ): string {
	const { nonceMiddleware } = apiFetch as typeof apiFetch & {
		nonceMiddleware?: { nonce?: unknown };
	};
	const nonce = nonceMiddleware?.nonce;
	return typeof nonce === 'string' && nonce ? nonce : fallback;
}

export interface Page< T > {
	items: T[];
	total: number;
	totalPages: number;
}

/**
 * A request to the plugin's namespace.
 *
 * @param path           Route below the namespace, with its query string.
 * @param options        Method and body.
 * @param options.method
 * @param options.data
 */
export async function request< T >(
	path: string,
	options: { method?: string; data?: unknown } = {}
): Promise< T > {
	try {
		return await apiFetch< T >( {
			path: NAMESPACE + path,
			method: options.method ?? 'GET',
			data: options.data as Record< string, unknown > | undefined,
		} );
	} catch ( error ) {
		throw reported( toApiError( error ) );
	}
}

/**
 * A GET of a paged collection, with the totals from WordPress's headers.
 *
 * @param path Route below the namespace, with its query string.
 */
export async function requestPage< T >( path: string ): Promise< Page< T > > {
	let response: Response;
	try {
		response = await apiFetch< Response >( {
			path: NAMESPACE + path,
			parse: false,
		} );
	} catch ( error ) {
		// Unparsed requests reject with the response itself.
		const failed = error as { json?: () => Promise< unknown > } | null;
		const parseable =
			typeof failed?.json === 'function' &&
			! isFailedNonceRefresh( error );
		let body: unknown = error;
		try {
			body = parseable ? await failed?.json?.() : error;
		} catch {
			body = restApiDown(); // An error page, not WordPress's JSON.
		}
		throw reported( toApiError( body ) );
	}
	let items: T[];
	try {
		items = ( await response.json() ) as T[];
	} catch {
		throw reported( restApiDown() );
	}
	return {
		items,
		total: Number( response.headers.get( 'X-WP-Total' ) ?? items.length ),
		totalPages: Number( response.headers.get( 'X-WP-TotalPages' ) ?? 1 ),
	};
}
