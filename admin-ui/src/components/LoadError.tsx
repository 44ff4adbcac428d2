import { __ } from '@wordpress/i18n';

import type { ApiError } from '../api/client';
import { pageData } from '../page-data';
import { toLoadFailure } from '../view-models/load-failure';
import { Button } from './ui';

interface Props {
	error: ApiError;
	/** Reads it again. */
	onRetry: () => void;
}

/**
 * Why something could not be read, with the way out: a link to log in
 * again (and come back here) when the login has ended, else "Retry".
 *
 * @param props         Component props.
 * @param props.error   Why it could not be read.
 * @param props.onRetry Reads it again.
 */
export function LoadError( { error, onRetry }: Props ) {
	const failure = toLoadFailure(
		error,
		pageData().loginUrl,
		window.location.href
	);
	return (
		<div
			className="site-backups__error site-backups__load-error"
			role="alert"
		>
			<p>{ failure.message }</p>
			<p>
				{ failure.loginUrl ? (
					<a href={ failure.loginUrl }>
						{ __( 'Log in again', 'site-backups' ) }
					</a>
				) : (
					<Button variant="secondary" onClick={ onRetry }>
						{ __( 'Retry', 'site-backups' ) }
					</Button>
				) }
			</p>
		</div>
	);
}
