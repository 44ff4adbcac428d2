import { __ } from '@wordpress/i18n';

import { generateEncryptionKey } from '../encryption-key';
import { Button, Notice, TextControl } from './ui';

interface Props {
	value: string;
	/** Whether a saved key exists that an empty field keeps. */
	keepsSaved: boolean;
	disabled: boolean;
	onChange: ( value: string ) => void;
}

/**
 * The key that encrypts off-site copies: typed, or generated here and shown
 * in clear so the admin can keep a copy, with a warning that it is needed
 * to read them.
 *
 * @param props            Component props.
 * @param props.value      The key typed or generated.
 * @param props.keepsSaved Whether an empty field keeps a saved key.
 * @param props.disabled   Whether the form is being sent.
 * @param props.onChange   Called with the new key.
 */
export function EncryptionKeyField( {
	value,
	keepsSaved,
	disabled,
	onChange,
}: Props ) {
	return (
		<div className="site-backups__encryption-key">
			<TextControl
				label={ __( 'Encryption key (optional)', 'site-backups' ) }
				help={ __(
					'Encrypts backups before they leave this server: 32 bytes, base64-encoded.',
					'site-backups'
				) }
				placeholder={
					keepsSaved
						? __(
								'Leave empty to keep the saved encryption key',
								'site-backups'
							)
						: undefined
				}
				value={ value }
				onChange={ onChange }
				disabled={ disabled }
				autoComplete="off"
				spellCheck={ false }
			/>
			<Button
				variant="secondary"
				onClick={ () => onChange( generateEncryptionKey() ) }
				disabled={ disabled }
			>
				{ __( 'Generate a key', 'site-backups' ) }
			</Button>
			{ value.trim() !== '' && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'Keep a copy of this key away from this server: without it the off-site copies cannot be read.',
						'site-backups'
					) }
				</Notice>
			) }
		</div>
	);
}
