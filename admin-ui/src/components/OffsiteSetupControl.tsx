import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { ApiSettings } from '../api/types';
import { offsiteSetupOf } from '../view-models/offsite-setup';
import { OffsiteSettingsEditor } from './OffsiteSettingsEditor';
import { Button } from './ui';

/**
 * The button that lets the administrator set off-site copies up or change
 * them; nothing when the host sets them.
 *
 * @param props          Component props.
 * @param props.settings The API's settings.
 */
export function OffsiteSetupControl( { settings }: { settings: ApiSettings } ) {
	const setup = offsiteSetupOf( settings );
	const [ open, setOpen ] = useState( false );

	// The status block says "Off-site copies are set by your host."; there is nothing to change here.
	if ( setup.by === 'host' ) {
		return null;
	}
	// Servers that predate administrators' settings cannot save them.
	if ( setup.by !== 'admin' ) {
		return null;
	}
	return (
		<>
			<p>
				<Button variant="secondary" onClick={ () => setOpen( true ) }>
					{ setup.configured
						? __( 'Change off-site settings', 'site-backups' )
						: __( 'Set up off-site copies', 'site-backups' ) }
				</Button>
			</p>
			{ open && (
				<OffsiteSettingsEditor
					setup={ setup }
					plan={ settings.plan }
					onClose={ () => setOpen( false ) }
				/>
			) }
		</>
	);
}
