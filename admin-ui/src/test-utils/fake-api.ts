/**
 * A stand-in for the REST API at the edge of the screen: apiFetch answers
 * from handlers keyed by method and path, and every call is recorded.
 */
import type { APIFetchOptions } from '@wordpress/api-fetch';

type Handler = (
	options: APIFetchOptions,
	query: URLSearchParams
) => unknown | Promise< unknown >;

export interface FakeApi {
	on: ( method: string, path: string, handler: Handler ) => void;
	calls: Array< { method: string; path: string; data: unknown } >;
	fetch: ( options: APIFetchOptions ) => Promise< unknown >;
}

/**
 * A WordPress REST error, as apiFetch rejects with it.
 *
 * @param status  HTTP status.
 * @param code    Error code.
 * @param message Message.
 * @param data    Extra data.
 */
export function restError(
	status: number,
	code: string,
	message: string,
	data: Record< string, unknown > = {}
) {
	return { code, message, data: { status, ...data } };
}

/**
 * The handler whose route pattern (":id" for one path segment) matches.
 *
 * @param handlers Handlers by "METHOD /route".
 * @param key      "METHOD /path" of the request.
 */
function findPattern(
	handlers: Map< string, Handler >,
	key: string
): Handler | undefined {
	for ( const [ pattern, handler ] of handlers ) {
		const regex = new RegExp(
			'^' + pattern.split( ':id' ).join( '[^/]+' ) + '$'
		);
		if ( pattern.includes( ':id' ) && regex.test( key ) ) {
			return handler;
		}
	}
	return undefined;
}

export function createFakeApi(): FakeApi {
	const handlers = new Map< string, Handler >();
	const calls: FakeApi[ 'calls' ] = [];
	return {
		calls,
		on( method, path, handler ) {
			handlers.set( `${ method } ${ path }`, handler );
		},
		async fetch( options ) {
			const method = options.method ?? 'GET';
			const [ fullPath = '', search = '' ] = ( options.path ?? '' ).split(
				'?'
			);
			const path = fullPath.replace( '/site-backups/v1', '' );
			calls.push( { method, path, data: options.data } );
			const handler =
				handlers.get( `${ method } ${ path }` ) ??
				findPattern( handlers, `${ method } ${ path }` );
			if ( ! handler ) {
				throw restError(
					404,
					'rest_no_route',
					`No route for ${ method } ${ path }`
				);
			}
			const result = await handler(
				options,
				new URLSearchParams( search )
			);
			if ( options.parse === false ) {
				const items = result as unknown[];
				return {
					json: async () => items,
					headers: {
						get: ( name: string ) =>
							name === 'X-WP-Total'
								? String( items.length )
								: '1',
					},
				};
			}
			return result;
		},
	};
}
