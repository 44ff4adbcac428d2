import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { FormEvent } from 'react';

import type { ApiPlan, OffsiteRequest } from '../api/types';
import { generateEncryptionKey } from '../encryption-key';
import {
	initialOffsiteForm,
	offsiteFormProblem,
	toOffsiteRequest,
} from '../offsite-form';
import type { OffsiteOutcome } from '../store/offsite-actions';
import type { OffsiteSetup } from '../view-models/offsite-setup';
import { ModalButtons } from './ModalButtons';
import { OffsiteFields } from './OffsiteFields';
import { TurnOffOffsite } from './TurnOffOffsite';
import { Button, Modal, Notice } from './ui';

interface Props {
	setup: OffsiteSetup;
	plan: ApiPlan;
	/** Sends the settings, and first the recovery key when one was typed. */
	onSave: (
		body: OffsiteRequest,
		recoveryKey: string
	) => Promise< OffsiteOutcome >;
	onTurnOff: () => Promise< OffsiteOutcome >;
	onClose: () => void;
	/** Opens with a new encryption key in place, to turn encryption on. */
	encrypt?: boolean;
}

/**
 * Where an administrator sets up, changes or turns off off-site copies. The
 * keys typed live in this dialog only and go when it closes; a refusal
 * keeps them so the admin can correct what the server named.
 *
 * @param props           Component props.
 * @param props.setup     The off-site copies as set up now.
 * @param props.plan      The plan, for how long local copies stay.
 * @param props.onSave    Sends the settings.
 * @param props.onTurnOff Turns the copies off.
 * @param props.onClose   Closes the dialog.
 * @param props.encrypt   Whether to start with a new encryption key.
 */
export function OffsiteSettingsDialog( {
	setup,
	plan,
	onSave,
	onTurnOff,
	onClose,
	encrypt = false,
}: Props ) {
	const [ values, setValues ] = useState( () => {
		const initial = initialOffsiteForm( setup.saved );
		return encrypt
			? { ...initial, encryptionKey: generateEncryptionKey() }
			: initial;
	} );
	const [ confirmingOff, setConfirmingOff ] = useState( false );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState( '' );
	const problem = offsiteFormProblem( values, setup.saved !== null );

	const run = async ( change: () => Promise< OffsiteOutcome > ) => {
		setBusy( true );
		setError( '' );
		const outcome = await change();
		if ( outcome.status === 'refused' ) {
			setError( outcome.message );
			setBusy( false );
			return;
		}
		onClose();
	};
	const submit = ( event: FormEvent ) => {
		event.preventDefault();
		if ( ! busy && problem === '' ) {
			run( () =>
				onSave( toOffsiteRequest( values ), values.recoveryKey.trim() )
			);
		}
	};

	let title = __( 'Set up off-site copies', 'site-backups' );
	if ( confirmingOff ) {
		title = __( 'Turn off off-site copies?', 'site-backups' );
	} else if ( setup.configured ) {
		title = __( 'Off-site settings', 'site-backups' );
	}

	return (
		<Modal
			title={ title }
			// A request in flight ends in this dialog; a stray click keeps what was typed.
			onRequestClose={ () => ! busy && onClose() }
			shouldCloseOnClickOutside={ false }
			size="medium"
		>
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error }
				</Notice>
			) }
			{ confirmingOff ? (
				<TurnOffOffsite
					busy={ busy }
					onConfirm={ () => run( onTurnOff ) }
					onCancel={ () => {
						setError( '' );
						setConfirmingOff( false );
					} }
				/>
			) : (
				<form onSubmit={ submit } noValidate>
					<OffsiteFields
						values={ values }
						saved={ setup.saved }
						savedKey={ setup.saved !== null && setup.encrypted }
						plan={ plan }
						disabled={ busy }
						onChange={ setValues }
					/>
					<ModalButtons
						cancelLabel={ __( 'Cancel', 'site-backups' ) }
						onCancel={ onClose }
						confirmLabel={ __( 'Save', 'site-backups' ) }
						busy={ busy }
						blocked={ problem }
						blockedId="site-backups-offsite-problem"
					>
						{ setup.configured && (
							<Button
								variant="secondary"
								isDestructive
								className="site-backups__turn-off"
								onClick={ () => {
									setError( '' );
									setConfirmingOff( true );
								} }
								disabled={ busy }
							>
								{ __(
									'Turn off off-site copies',
									'site-backups'
								) }
							</Button>
						) }
					</ModalButtons>
					{ busy && (
						<p className="site-backups__busy">
							{ __(
								'Checking that this server can reach the bucket…',
								'site-backups'
							) }
						</p>
					) }
				</form>
			) }
		</Modal>
	);
}
