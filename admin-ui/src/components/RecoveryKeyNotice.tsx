import { useSelect } from '@wordpress/data';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { toApiError } from '../api/client';
import { revealRecoveryKey } from '../api/recovery-key';
import type { ApiRecoveryKeyStatus, ApiSettings } from '../api/types';
import { store } from '../store';
import { offsiteOf } from '../view-models/offsite-status';
import { Button, Notice } from './ui';

/**
 * Once off-site copies are set up, asks the administrator to save the
 * recovery key, and shows it once on request. The key lives in this
 * component only, until the admin says it is saved; the server never shows
 * it again. Nothing is asked when the host set the key in wp-config.php.
 *
 * @param props          Component props.
 * @param props.settings The API's settings, once loaded.
 */
export function RecoveryKeyNotice( {
	settings,
}: {
	settings: ApiSettings | null;
} ) {
	const configured = settings ? offsiteOf( settings ).configured : false;
	// Read again whenever the settings are: a key set in the off-site
	// settings counts as saved.
	const status = useSelect(
		( select ) =>
			configured ? select( store ).getRecoveryKeyStatus() : null,
		[ configured ]
	);
	// The status the admin answered: not asked again until it is read again.
	const [ answered, setAnswered ] = useState< ApiRecoveryKeyStatus | null >(
		null
	);
	const [ key, setKey ] = useState( '' );
	const [ error, setError ] = useState( '' );
	const [ busy, setBusy ] = useState( false );
	const needed =
		status !== null &&
		status !== answered &&
		status.source !== 'wp-config' &&
		! status.shown;

	const reveal = async () => {
		setBusy( true );
		setError( '' );
		try {
			setKey( ( await revealRecoveryKey() ).key );
		} catch ( failure ) {
			setError( toApiError( failure ).message );
		}
		setAnswered( status );
		setBusy( false );
	};

	if ( key ) {
		return (
			<Notice
				key="shown"
				status="warning"
				isDismissible={ false }
				className="site-backups__recovery-key-notice"
			>
				<p>
					{ __(
						'Your recovery key. It is shown only this once: keep it away from this server, with your other passwords.',
						'site-backups'
					) }
				</p>
				<p>
					<code className="site-backups__recovery-key">{ key }</code>
				</p>
				<Button variant="primary" onClick={ () => setKey( '' ) }>
					{ __( 'I have saved it', 'site-backups' ) }
				</Button>
			</Notice>
		);
	}
	// Each notice has its own key: React must not reuse one for another.
	if ( error ) {
		return (
			<Notice
				key="error"
				status="error"
				onRemove={ () => setError( '' ) }
			>
				{ error }
			</Notice>
		);
	}
	if ( ! needed ) {
		return null;
	}
	return (
		<Notice
			key="ask"
			status="warning"
			isDismissible={ false }
			className="site-backups__recovery-key-notice"
		>
			<p>
				<strong>
					{ __(
						'Save your recovery key: without it, backups in the bucket cannot be restored on a new server',
						'site-backups'
					) }
				</strong>
			</p>
			<p>
				{ __(
					"It is shown only once. On a new server, do not show this one: set the old server's recovery key in the off-site settings instead.",
					'site-backups'
				) }
			</p>
			<Button
				variant="secondary"
				onClick={ reveal }
				isBusy={ busy }
				disabled={ busy }
			>
				{ __( 'Show the recovery key', 'site-backups' ) }
			</Button>
		</Notice>
	);
}
