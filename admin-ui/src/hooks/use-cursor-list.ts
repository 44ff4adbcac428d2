/**
 * A list the server hands out a page at a time by cursor: the first page
 * loads when the list is shown (and again when what it lists changes), each
 * further one when the admin asks for it. Answers that come back after the
 * list changed or was closed are dropped.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { toApiError } from '../api/client';

export interface CursorPage< T > {
	items: T[];
	next: string | null;
}

export interface CursorList< T > {
	items: T[];
	/** Whether there are more pages to load. */
	hasMore: boolean;
	status: 'loading' | 'ready' | 'error';
	error: string;
	loadMore: () => void;
}

/**
 * @param fetchPage Loads the page after a cursor (null for the first).
 * @param key       What the list lists: a new key starts it again.
 */
export function useCursorList< T >(
	fetchPage: ( after: string | null ) => Promise< CursorPage< T > >,
	key: string
): CursorList< T > {
	const [ items, setItems ] = useState< T[] >( [] );
	const [ next, setNext ] = useState< string | null >( null );
	const [ status, setStatus ] =
		useState< CursorList< T >[ 'status' ] >( 'loading' );
	const [ error, setError ] = useState( '' );
	const current = useRef( key );
	const fetchRef = useRef( fetchPage );
	fetchRef.current = fetchPage;

	const load = useCallback( async ( after: string | null, of: string ) => {
		setStatus( 'loading' );
		setError( '' );
		try {
			const page = await fetchRef.current( after );
			if ( current.current !== of ) {
				return;
			}
			setItems( ( before ) =>
				after === null ? page.items : [ ...before, ...page.items ]
			);
			setNext( page.next );
			setStatus( 'ready' );
		} catch ( failure ) {
			if ( current.current === of ) {
				setError( toApiError( failure ).message );
				setStatus( 'error' );
			}
		}
	}, [] );

	useEffect( () => {
		current.current = key;
		setItems( [] );
		setNext( null );
		void load( null, key );
		return () => {
			current.current = '';
		};
	}, [ key, load ] );

	return {
		items,
		hasMore: next !== null,
		status,
		error,
		loadMore: () => {
			if ( next !== null && status !== 'loading' ) {
				void load( next, key );
			}
		},
	};
}
