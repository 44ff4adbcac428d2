import { Button, Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import { toApiError } from '../api/client';
import { offsiteOf } from '../api/normalize';
import { fetchRecoveryKeyStatus, revealRecoveryKey } from '../api/recovery-key';
import type { ApiSettings } from '../api/types';

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
	const [ needed, setNeeded ] = useState( false );
	const [ key, setKey ] = useState( '' );
	const [ error, setError ] = useState( '' );
	const [ busy, setBusy ] = useState( false );

	// Asked again whenever the settings come back: a key set in the
	// off-site settings counts as saved.
	useEffect( () => {
		if ( ! configured ) {
			setNeeded( false );
			return undefined;
		}
		let current = true;
		fetchRecoveryKeyStatus().then(
			( status ) =>
				current &&
				setNeeded( status.source !== 'wp-config' && ! status.shown ),
			// Without an answer nothing is asked now; the next load asks again.
			() => current && setNeeded( false )
		);
		return () => {
			current = false;
		};
	}, [ configured, settings ] );

	const reveal = async () => {
		setBusy( true );
		setError( '' );
		try {
			setKey( ( await revealRecoveryKey() ).key );
		} catch ( failure ) {
			setError( toApiError( failure ).message );
		}
		setNeeded( false );
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
				<Button
					variant="primary"
					onClick={ () => setKey( '' ) }
					__next40pxDefaultSize
				>
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
				__next40pxDefaultSize
			>
				{ __( 'Show the recovery key', 'site-backups' ) }
			</Button>
		</Notice>
	);
}
