/**
 * The chosen view lives in the URL (`&view=staging`), so a reload or a
 * shared link lands on the same view.
 */
export type ViewName = 'production' | 'staging';

const PARAM = 'view';

export function readViewFromUrl( href: string ): ViewName {
	const view = new URL( href ).searchParams.get( PARAM );
	return view === 'staging' ? 'staging' : 'production';
}

export function urlWithView( href: string, view: ViewName ): string {
	const url = new URL( href );
	if ( view === 'production' ) {
		url.searchParams.delete( PARAM );
	} else {
		url.searchParams.set( PARAM, view );
	}
	return url.toString();
}

export function writeViewToUrl(
	view: ViewName,
	history: Pick< History, 'replaceState' >,
	href: string = window.location.href
): void {
	const next = urlWithView( href, view );
	if ( next !== href ) {
		history.replaceState( null, '', next );
	}
}
