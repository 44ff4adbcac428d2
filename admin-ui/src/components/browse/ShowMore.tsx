import { __ } from '@wordpress/i18n';

import type { CursorList } from '../../hooks/use-cursor-list';
import { Button, Spinner } from '../ui';

interface Props {
	list: CursorList< unknown >;
}

/**
 * The foot of a paged list: loading, what went wrong, or the button that
 * loads the next page.
 *
 * @param props      Component props.
 * @param props.list The list.
 */
export function ShowMore( { list }: Props ) {
	return (
		<div className="site-backups__show-more">
			<p role="status" className="site-backups__muted">
				{ list.status === 'loading' && (
					<>
						<Spinner /> { __( 'Loading…', 'site-backups' ) }
					</>
				) }
			</p>
			{ list.status === 'error' && (
				<p className="site-backups__error" role="alert">
					{ list.error }
				</p>
			) }
			{ list.hasMore && list.status !== 'loading' && (
				<Button variant="secondary" onClick={ list.loadMore }>
					{ list.status === 'error'
						? __( 'Try again', 'site-backups' )
						: __( 'Show more', 'site-backups' ) }
				</Button>
			) }
		</div>
	);
}
