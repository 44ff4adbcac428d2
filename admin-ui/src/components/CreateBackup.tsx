import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { EnvironmentName } from '../api/types';
import { Button, TextControl } from './ui';

interface Props {
	environment: EnvironmentName;
	busyReason: string;
	onCreate: ( note: string ) => Promise< unknown >;
}

const NOTE_LIMIT = 200;

/**
 * The button that makes a backup now, with an optional note.
 *
 * @param props             Component props.
 * @param props.environment Which environment to back up.
 * @param props.busyReason  Why a backup cannot start now ('' when it can).
 * @param props.onCreate    Starts the backup.
 */
export function CreateBackup( { environment, busyReason, onCreate }: Props ) {
	const [ note, setNote ] = useState( '' );
	const label =
		environment === 'staging'
			? __( 'Create new backup for staging', 'site-backups' )
			: __( 'Create a new backup from Production', 'site-backups' );
	const submit = async ( event: { preventDefault: () => void } ) => {
		event.preventDefault();
		await onCreate( note.trim() );
		setNote( '' );
	};
	return (
		<form className="site-backups__create" onSubmit={ submit }>
			<TextControl
				label={ __( 'Note (optional)', 'site-backups' ) }
				placeholder={ __( 'Before theme update', 'site-backups' ) }
				value={ note }
				maxLength={ NOTE_LIMIT }
				onChange={ setNote }
			/>
			<Button
				variant="primary"
				type="submit"
				disabled={ busyReason !== '' }
				accessibleWhenDisabled
				aria-describedby={
					busyReason
						? `site-backups-busy-${ environment }`
						: undefined
				}
			>
				{ label }
			</Button>
			{ busyReason && (
				<p
					id={ `site-backups-busy-${ environment }` }
					className="site-backups__busy"
				>
					{ busyReason }
				</p>
			) }
		</form>
	);
}
