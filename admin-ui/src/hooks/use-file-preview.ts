/**
 * A glance at one file of a backup: an image as an object URL (revoked when
 * the preview goes), or the start of a text file as text. A text file is
 * read only up to the preview's limit: the rest is never downloaded.
 */
import { useEffect, useState } from '@wordpress/element';

import { fetchFileContent } from '../api/browse';
import { toApiError } from '../api/client';
import {
	TEXT_PREVIEW_BYTES,
	type PreviewKind,
} from '../view-models/browse-preview';

export type FilePreview =
	| { status: 'none' }
	| { status: 'loading' }
	| { status: 'error'; error: string }
	| { status: 'image'; url: string }
	| { status: 'text'; text: string; truncated: boolean };

/**
 * The first bytes of a response as text, and whether there was more. A
 * character cut in two at the limit is left out.
 *
 * @param response The file's response.
 * @param limit    How many bytes to read at most.
 */
export async function readTextStart(
	response: Response,
	limit: number
): Promise< { text: string; truncated: boolean } > {
	const reader = response.body?.getReader();
	if ( ! reader ) {
		const text = await response.text();
		return {
			text: text.slice( 0, limit ),
			truncated: text.length > limit,
		};
	}
	const decoder = new TextDecoder();
	let text = '';
	let read = 0;
	let truncated = false;
	for (;;) {
		const { done, value } = await reader.read();
		if ( done || ! value ) {
			break;
		}
		const room = limit - read;
		text += decoder.decode( value.subarray( 0, room ), { stream: true } );
		read += Math.min( value.length, room );
		if ( value.length > room ) {
			truncated = true;
			await reader.cancel();
			break;
		}
	}
	return { text, truncated };
}

/**
 * @param backupId    The backup.
 * @param encodedPath The file, percent-encoded.
 * @param kind        How it can be previewed.
 */
export function useFilePreview(
	backupId: string,
	encodedPath: string,
	kind: PreviewKind
): FilePreview {
	const [ preview, setPreview ] = useState< FilePreview >( {
		status: 'none',
	} );

	useEffect( () => {
		if ( kind === 'none' ) {
			setPreview( { status: 'none' } );
			return undefined;
		}
		let shown = true;
		let url = '';
		setPreview( { status: 'loading' } );
		( async () => {
			try {
				const response = await fetchFileContent(
					backupId,
					encodedPath
				);
				if ( kind === 'image' ) {
					const blob = await response.blob();
					if ( shown ) {
						url = URL.createObjectURL( blob );
						setPreview( { status: 'image', url } );
					}
					return;
				}
				const start = await readTextStart(
					response,
					TEXT_PREVIEW_BYTES
				);
				if ( shown ) {
					setPreview( { status: 'text', ...start } );
				}
			} catch ( failure ) {
				if ( shown ) {
					setPreview( {
						status: 'error',
						error: toApiError( failure ).message,
					} );
				}
			}
		} )();
		return () => {
			shown = false;
			if ( url ) {
				URL.revokeObjectURL( url );
			}
		};
	}, [ backupId, encodedPath, kind ] );

	return preview;
}
