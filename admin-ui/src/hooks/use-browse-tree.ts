/**
 * The file tree of one backup: folders load when they are first opened, a
 * page at a time, and stay loaded while the tree is shown.
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

import { fetchFolder } from '../api/browse';
import { toApiError } from '../api/client';
import { toBrowseItem } from '../view-models/browse-item';
import type { Folders } from '../view-models/browse-tree';

export interface BrowseTree {
	folders: Folders;
	/** The encoded paths of the open folders. */
	expanded: ReadonlySet< string >;
	expand: ( folder: string ) => void;
	collapse: ( folder: string ) => void;
	/** Loads a folder's next page; a folder that failed, its first again. */
	loadMore: ( folder: string ) => void;
}

/**
 * @param backupId The backup browsed.
 */
export function useBrowseTree( backupId: string ): BrowseTree {
	const [ folders, setFolders ] = useState< Folders >( {} );
	const [ expanded, setExpanded ] = useState< ReadonlySet< string > >(
		() => new Set()
	);
	const foldersRef = useRef( folders );
	foldersRef.current = folders;
	const shown = useRef( true );

	const load = useCallback(
		async ( folder: string, after: string | null ) => {
			setFolders( ( before ) => ( {
				...before,
				[ folder ]: {
					items: before[ folder ]?.items ?? [],
					next: before[ folder ]?.next ?? null,
					status: 'loading',
					error: '',
				},
			} ) );
			try {
				const page = await fetchFolder( backupId, folder, after );
				if ( ! shown.current ) {
					return;
				}
				const items = page.items.map( toBrowseItem );
				setFolders( ( before ) => ( {
					...before,
					[ folder ]: {
						items:
							after === null
								? items
								: [
										...( before[ folder ]?.items ?? [] ),
										...items,
									],
						next: page.next,
						status: 'ready',
						error: '',
					},
				} ) );
			} catch ( failure ) {
				if ( ! shown.current ) {
					return;
				}
				setFolders( ( before ) => ( {
					...before,
					[ folder ]: {
						items: before[ folder ]?.items ?? [],
						next: after,
						status: 'error',
						error: toApiError( failure ).message,
					},
				} ) );
			}
		},
		[ backupId ]
	);

	useEffect( () => {
		shown.current = true;
		void load( '', null );
		return () => {
			shown.current = false;
		};
	}, [ load ] );

	const expand = ( folder: string ) => {
		setExpanded( ( before ) => new Set( before ).add( folder ) );
		if ( ! foldersRef.current[ folder ] ) {
			void load( folder, null );
		}
	};
	const collapse = ( folder: string ) => {
		setExpanded( ( before ) => {
			const after = new Set( before );
			after.delete( folder );
			return after;
		} );
	};
	const loadMore = ( folder: string ) => {
		const state = foldersRef.current[ folder ];
		if ( state?.status !== 'loading' ) {
			void load( folder, state?.next ?? null );
		}
	};
	return { folders, expanded, expand, collapse, loadMore };
}
