import { __ } from '@wordpress/i18n';

import { TextControl } from './ui';

interface Props {
	value: string;
	disabled: boolean;
	onChange: ( value: string ) => void;
}

/**
 * The recovery key of the server that made the backups in the bucket, typed
 * on a new server so they can be verified and restored here. Empty keeps
 * this server's own key.
 *
 * @param props          Component props.
 * @param props.value    The key typed.
 * @param props.disabled Whether the form is being sent.
 * @param props.onChange Called with the new key.
 */
export function RecoveryKeyField( { value, disabled, onChange }: Props ) {
	return (
		<TextControl
			label={ __( 'Recovery key', 'site-backups' ) }
			help={ __(
				"Only on a new server: the recovery key saved from the server that made the backups in the bucket. Leave empty to keep this server's key.",
				'site-backups'
			) }
			value={ value }
			onChange={ onChange }
			disabled={ disabled }
			autoComplete="off"
			spellCheck={ false }
		/>
	);
}
