import { __, _n, sprintf } from '@wordpress/i18n';

import type { ApiPlan, ApiSavedOffsite } from '../api/types';
import type { OffsiteFormValues } from '../offsite-form';
import { EncryptionKeyField } from './EncryptionKeyField';
import { RecoveryKeyField } from './RecoveryKeyField';
import { TextControl } from './ui';

interface Props {
	values: OffsiteFormValues;
	saved: ApiSavedOffsite | null;
	/** Whether the saved settings hold an encryption key. */
	savedKey: boolean;
	plan: ApiPlan;
	disabled: boolean;
	onChange: ( values: OffsiteFormValues ) => void;
}

/**
 * The bucket, its credentials, the encryption key, how long backups stay
 * here too, and on a new server the old one's recovery key. With settings
 * saved, empty keys keep the saved ones.
 *
 * @param props          Component props.
 * @param props.values   The form's values.
 * @param props.saved    The saved settings, if any.
 * @param props.savedKey Whether an encryption key is saved.
 * @param props.plan     The plan, for how long local copies stay by default.
 * @param props.disabled Whether the form is being sent.
 * @param props.onChange Called with the new values.
 */
export function OffsiteFields( {
	values,
	saved,
	savedKey,
	plan,
	disabled,
	onChange,
}: Props ) {
	const field = ( name: keyof OffsiteFormValues ) => ( {
		value: values[ name ],
		onChange: ( value: string ) =>
			onChange( { ...values, [ name ]: value } ),
		disabled,
	} );
	return (
		<div className="site-backups__offsite-fields">
			<TextControl
				{ ...field( 'endpoint' ) }
				label={ __( 'Endpoint URL', 'site-backups' ) }
				type="url"
				required
				placeholder="https://s3.eu-central-1.amazonaws.com"
				help={ __(
					'The address of your S3-compatible storage.',
					'site-backups'
				) }
			/>
			<TextControl
				{ ...field( 'region' ) }
				label={ __( 'Region', 'site-backups' ) }
				help={ __(
					'us-east-1 unless your storage provider says otherwise.',
					'site-backups'
				) }
			/>
			<TextControl
				{ ...field( 'bucket' ) }
				label={ __( 'Bucket', 'site-backups' ) }
				required
			/>
			<TextControl
				{ ...field( 'prefix' ) }
				label={ __( 'Path prefix (optional)', 'site-backups' ) }
				help={ __(
					"Empty: this site's host name, so several sites can share a bucket.",
					'site-backups'
				) }
			/>
			<TextControl
				{ ...field( 'accessKey' ) }
				label={ __( 'Access key', 'site-backups' ) }
				required={ ! saved }
				autoComplete="off"
				spellCheck={ false }
				placeholder={
					saved
						? sprintf(
								/* translators: %s: the end of the saved access key, such as "…WXYZ". */
								__(
									'Leave empty to keep the saved access key (%s)',
									'site-backups'
								),
								saved.access_key_hint
							)
						: undefined
				}
			/>
			<TextControl
				{ ...field( 'secret' ) }
				label={ __( 'Secret key', 'site-backups' ) }
				type="password"
				required={ ! saved }
				// Not the admin's WordPress password: browsers must not fill it in.
				autoComplete="new-password"
				placeholder={
					saved
						? __(
								'Leave empty to keep the saved secret',
								'site-backups'
							)
						: undefined
				}
			/>
			<EncryptionKeyField
				value={ values.encryptionKey }
				keepsSaved={ savedKey }
				disabled={ disabled }
				onChange={ ( encryptionKey ) =>
					onChange( { ...values, encryptionKey } )
				}
			/>
			<TextControl
				{ ...field( 'keepLocalDays' ) }
				label={ __(
					'Keep local copies for (days, optional)',
					'site-backups'
				) }
				type="number"
				min={ 1 }
				step={ 1 }
				help={ sprintf(
					/* translators: 1: plan name, 2: number of days. */
					_n(
						'Empty: as long as the %1$s plan keeps backups (%2$d day).',
						'Empty: as long as the %1$s plan keeps backups (%2$d days).',
						plan.retention_days,
						'site-backups'
					),
					plan.label,
					plan.retention_days
				) }
			/>
			<RecoveryKeyField
				value={ values.recoveryKey }
				disabled={ disabled }
				onChange={ ( recoveryKey ) =>
					onChange( { ...values, recoveryKey } )
				}
			/>
		</div>
	);
}
