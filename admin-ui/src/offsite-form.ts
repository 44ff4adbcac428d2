/**
 * The off-site settings form as plain data: what it starts with, what stops
 * it from being sent, and the request it becomes. The server stays the
 * authority; this only catches what is plainly missing.
 */
import { __ } from '@wordpress/i18n';

import type { ApiSavedOffsite, OffsiteRequest } from './api/types';

export interface OffsiteFormValues {
	endpoint: string;
	region: string;
	bucket: string;
	prefix: string;
	accessKey: string;
	secret: string;
	encryptionKey: string;
	/** As typed: '' for "as the plan keeps backups". */
	keepLocalDays: string;
	/**
	 * Another server's recovery key, on a new server; '' keeps this one's.
	 * Sent on its own (POST /settings/recovery-key), never with the bucket.
	 */
	recoveryKey: string;
}

/** 32 bytes, base64: 43 characters and one "=". */
const RECOVERY_KEY = /^[A-Za-z0-9+/]{43}=$/;

export const DEFAULT_REGION = 'us-east-1';

/**
 * The form filled with what was saved, secrets empty (the server never
 * sends them back).
 *
 * @param saved The saved settings, if any.
 */
export function initialOffsiteForm(
	saved: ApiSavedOffsite | null
): OffsiteFormValues {
	return {
		endpoint: saved?.endpoint ?? '',
		region: saved?.region || DEFAULT_REGION,
		bucket: saved?.bucket ?? '',
		prefix: saved?.prefix ?? '',
		accessKey: '',
		secret: '',
		encryptionKey: '',
		keepLocalDays: saved?.keep_local_days
			? String( saved.keep_local_days )
			: '',
		recoveryKey: '',
	};
}

/**
 * Why the form cannot be sent yet; '' when it can.
 *
 * @param values     The form's values.
 * @param keepsSaved Whether empty keys keep the saved ones.
 */
export function offsiteFormProblem(
	values: OffsiteFormValues,
	keepsSaved: boolean
): string {
	if ( values.endpoint.trim() === '' ) {
		return __( 'Enter the endpoint URL.', 'site-backups' );
	}
	if ( values.bucket.trim() === '' ) {
		return __( 'Enter the bucket.', 'site-backups' );
	}
	if ( ! keepsSaved && values.accessKey.trim() === '' ) {
		return __( 'Enter the access key.', 'site-backups' );
	}
	if ( ! keepsSaved && values.secret.trim() === '' ) {
		return __( 'Enter the secret key.', 'site-backups' );
	}
	const days = values.keepLocalDays.trim();
	if ( days !== '' && ! /^[1-9][0-9]*$/.test( days ) ) {
		return __(
			'Enter the days to keep local copies as a whole number of 1 or more, or leave it empty.',
			'site-backups'
		);
	}
	const recoveryKey = values.recoveryKey.trim();
	if ( recoveryKey !== '' && ! RECOVERY_KEY.test( recoveryKey ) ) {
		return __(
			'Enter the recovery key as it was shown: 44 characters ending in "=", or leave it empty.',
			'site-backups'
		);
	}
	return '';
}

/**
 * The body of POST /settings/offsite; pasted values lose stray spaces.
 *
 * @param values The form's values, checked by offsiteFormProblem().
 */
export function toOffsiteRequest( values: OffsiteFormValues ): OffsiteRequest {
	const days = values.keepLocalDays.trim();
	return {
		endpoint: values.endpoint.trim(),
		region: values.region.trim() || DEFAULT_REGION,
		bucket: values.bucket.trim(),
		prefix: values.prefix.trim(),
		access_key: values.accessKey.trim(),
		secret: values.secret.trim(),
		encryption_key: values.encryptionKey.trim(),
		keep_local_days: days === '' ? null : Number( days ),
	};
}
