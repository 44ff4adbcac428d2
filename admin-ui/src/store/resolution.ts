/**
 * The resolution state @wordpress/data keeps for every store, which its
 * types leave out: how the loading of a resolved selector's data goes, and
 * the actions that mark it stale.
 */
import { toApiError, type ApiError } from '../api/client';
import type * as resolvers from './resolvers';
import type { LoadStatus } from './types';

/** The selectors that load their data: those with a resolver. */
export type ResolvedSelector = keyof typeof resolvers;

/**
 * The actions that mark a resolver's data stale: it is loaded again the next
 * time its selector is read.
 */
export interface ResolutionActions {
	invalidateResolution: (
		selectorName: ResolvedSelector,
		args: unknown[]
	) => unknown;
	invalidateResolutionForStoreSelector: (
		selectorName: ResolvedSelector
	) => unknown;
}

interface ResolutionSelectors {
	getResolutionState: (
		selectorName: string,
		args: unknown[]
	) =>
		| { status: 'resolving' | 'finished' | 'error'; error?: unknown }
		| undefined;
}

/**
 * Whether a selector's data is loading, loaded or failed; read before its
 * resolver has started, it is loading.
 *
 * @param selectors    The store's selectors, as select( store ) gives them.
 * @param selectorName The selector.
 * @param args         The arguments it was read with.
 */
export function loadStatusOf(
	selectors: object,
	selectorName: ResolvedSelector,
	args: unknown[]
): LoadStatus {
	const resolution = ( selectors as ResolutionSelectors ).getResolutionState(
		selectorName,
		args
	);
	if ( resolution?.status === 'error' ) {
		return 'error';
	}
	return resolution?.status === 'finished' ? 'ready' : 'loading';
}

/**
 * Why a selector's data could not be loaded, for people; '' while it has not
 * failed.
 *
 * @param selectors    The store's selectors, as select( store ) gives them.
 * @param selectorName The selector.
 * @param args         The arguments it was read with.
 */
export function loadErrorOf(
	selectors: object,
	selectorName: ResolvedSelector,
	args: unknown[]
): string {
	const resolution = ( selectors as ResolutionSelectors ).getResolutionState(
		selectorName,
		args
	);
	return resolution?.status === 'error'
		? toApiError( resolution.error ).message
		: '';
}

/**
 * Why a selector's data could not be loaded, as the API said it; null while
 * it has not failed.
 *
 * @param selectors    The store's selectors, as select( store ) gives them.
 * @param selectorName The selector.
 * @param args         The arguments it was read with.
 */
export function loadFailureOf(
	selectors: object,
	selectorName: ResolvedSelector,
	args: unknown[]
): ApiError | null {
	const resolution = ( selectors as ResolutionSelectors ).getResolutionState(
		selectorName,
		args
	);
	return resolution?.status === 'error'
		? toApiError( resolution.error )
		: null;
}
