/**
 * Off-site copies as the screen tells them: whether they are on, one line
 * on how they go, and the warning while they fail.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { ApiOffsite, ApiSettings, ApiWarning } from '../api/types';
import { formatTimeAgo } from './format-date';

const NOT_CONFIGURED: ApiOffsite = {
	configured: false,
	encrypted: false,
	destination: '',
	healthy: null,
	message: '',
	last_copy: null,
};

/**
 * The settings' off-site part, complete: not configured when the server
 * does not say (it predates off-site copies).
 *
 * @param settings The API's settings.
 */
export function offsiteOf( settings: ApiSettings ): ApiOffsite {
	const given: Partial< ApiOffsite > = settings.offsite ?? {};
	if ( given.configured !== true ) {
		return NOT_CONFIGURED;
	}
	const lastCopy =
		typeof given.last_copy === 'string' &&
		! Number.isNaN( Date.parse( given.last_copy ) )
			? given.last_copy
			: null;
	return {
		configured: true,
		encrypted: given.encrypted === true,
		destination:
			typeof given.destination === 'string' ? given.destination : '',
		healthy: typeof given.healthy === 'boolean' ? given.healthy : null,
		message: typeof given.message === 'string' ? given.message : '',
		last_copy: lastCopy,
	};
}

/**
 * "last copy 12 minutes ago", or that no copy has worked yet.
 *
 * @param offsite The off-site settings, as offsiteOf() gives them.
 * @param now     The current time.
 */
function lastCopyText( offsite: ApiOffsite, now: Date ): string {
	const failing = offsite.healthy === false;
	if ( offsite.last_copy === null ) {
		return failing
			? __( 'no copy has succeeded yet', 'site-backups' )
			: __( 'no copy yet', 'site-backups' );
	}
	const ago = formatTimeAgo( offsite.last_copy, now );
	return failing
		? sprintf(
				/* translators: %s: how long ago, such as "3 days ago". */
				__( 'last successful copy %s', 'site-backups' ),
				ago
			)
		: sprintf(
				/* translators: %s: how long ago, such as "12 minutes ago". */
				__( 'last copy %s', 'site-backups' ),
				ago
			);
}

/**
 * One line on off-site copies: "Off-site copies: on, encrypted · last copy
 * 12 minutes ago", or that they are not set up.
 *
 * @param offsite The off-site settings, as offsiteOf() gives them.
 * @param now     The current time.
 */
export function offsiteSummary( offsite: ApiOffsite, now: Date ): string {
	if ( ! offsite.configured ) {
		return __( 'Off-site copies are not set up.', 'site-backups' );
	}
	return sprintf(
		/* translators: 1: "on, encrypted" or "on, not encrypted", 2: when the last copy was made, such as "last copy 12 minutes ago". */
		__( 'Off-site copies: %1$s · %2$s', 'site-backups' ),
		offsite.encrypted
			? __( 'on, encrypted', 'site-backups' )
			: __( 'on, not encrypted', 'site-backups' ),
		lastCopyText( offsite, now )
	);
}

/**
 * The warning to show while off-site copies fail, in the shape of the
 * environments' health warnings; none while they work.
 *
 * @param offsite The off-site settings, as offsiteOf() gives them.
 */
export function offsiteWarnings( offsite: ApiOffsite ): ApiWarning[] {
	if ( ! offsite.configured || offsite.healthy !== false ) {
		return [];
	}
	return [
		{
			code: 'offsite_failing',
			message: offsite.message
				? sprintf(
						/* translators: %s: the error of the last off-site copy. */
						__(
							'The last off-site copy failed: %s',
							'site-backups'
						),
						offsite.message
					)
				: __( 'The last off-site copy failed.', 'site-backups' ),
			fix: __(
				'Backups are still made and kept on this server, but they are not copied off-site until this is fixed.',
				'site-backups'
			),
		},
	];
}
