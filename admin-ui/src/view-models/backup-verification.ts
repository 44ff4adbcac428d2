/**
 * Whether a backup's record can be trusted, and why not, in the admin's
 * language.
 */
import { __ } from '@wordpress/i18n';

import type { ApiBackup, VerificationReason } from '../api/types';

const VERIFICATION_LABELS: Record< VerificationReason, () => string > = {
	'no signature': () => __( 'no signature', 'site-backups' ),
	'signed with another recovery key': () =>
		__( 'signed with another recovery key', 'site-backups' ),
	'signature does not match': () =>
		__( 'signature does not match', 'site-backups' ),
};

/**
 * Why a backup is not verified, in the admin's language; '' when it is.
 * A server that predates signed records says nothing: its backups count as
 * verified.
 *
 * @param backup The API's backup.
 */
export function verificationLabel( backup: ApiBackup ): string {
	if ( backup.verified !== false ) {
		return '';
	}
	const reason = backup.verification ?? '';
	const label = VERIFICATION_LABELS[ reason as VerificationReason ];
	return label ? label() : reason || __( 'not verified', 'site-backups' );
}

/**
 * Why a backup that is not verified cannot be restored, fetched or
 * downloaded, and what makes it usable.
 */
export function notVerifiedExplanation(): string {
	return __(
		"Not verified: its record in the bucket may have been written by someone else, so it cannot be restored, fetched or downloaded. If it was made on another server, set that server's recovery key in the off-site settings.",
		'site-backups'
	);
}
