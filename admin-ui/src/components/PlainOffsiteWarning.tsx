import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { ApiSettings } from '../api/types';
import { offsiteSetupOf } from '../view-models/offsite-setup';
import { offsiteWarningOf } from '../view-models/plain-offsite-warning';
import { OffsiteSettingsEditor } from './OffsiteSettingsEditor';
import { Button, Notice } from './ui';

/**
 * Off-site copies that are not encrypted, said plainly, with the way out:
 * for an administrator, a button that opens the off-site settings with a
 * new encryption key in place; for the host's settings, what the host sets.
 *
 * @param props          Component props.
 * @param props.settings The API's settings.
 */
export function PlainOffsiteWarning( { settings }: { settings: ApiSettings } ) {
	const warning = offsiteWarningOf( settings );
	const [ open, setOpen ] = useState( false );

	if ( warning === null ) {
		return null;
	}
	const setup = offsiteSetupOf( settings );
	return (
		<>
			<Notice
				status="warning"
				isDismissible={ false }
				className="site-backups__plain-offsite"
			>
				<p>
					<strong>{ warning.message }</strong>
				</p>
				{ warning.fix !== '' && <p>{ warning.fix }</p> }
				{ setup.by === 'admin' && (
					<p>
						<Button
							variant="primary"
							onClick={ () => setOpen( true ) }
						>
							{ __( 'Turn on encryption', 'site-backups' ) }
						</Button>
					</p>
				) }
			</Notice>
			{ open && (
				<OffsiteSettingsEditor
					setup={ setup }
					plan={ settings.plan }
					encrypt
					onClose={ () => setOpen( false ) }
				/>
			) }
		</>
	);
}
