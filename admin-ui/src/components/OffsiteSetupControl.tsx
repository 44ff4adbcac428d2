import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { ApiSettings } from '../api/types';
import { offsiteSetupOf } from '../view-models/offsite-setup';
import { OffsiteSettingsEditor } from './OffsiteSettingsEditor';

/**
 * Who sets off-site copies up: a line when the host did, else the button
 * that lets the administrator set them up or change them.
 *
 * @param props          Component props.
 * @param props.settings The API's settings.
 */
export function OffsiteSetupControl( { settings }: { settings: ApiSettings } ) {
	const setup = offsiteSetupOf( settings );
	const [ open, setOpen ] = useState( false );

	if ( setup.by === 'host' ) {
		return (
			<p className="site-backups__muted">
				{ __( 'Set by your host in wp-config.php.', 'site-backups' ) }
			</p>
		);
	}
	// Servers that predate administrators' settings cannot save them.
	if ( setup.by !== 'admin' ) {
		return null;
	}
	return (
		<>
			<p>
				<Button
					variant="secondary"
					onClick={ () => setOpen( true ) }
					__next40pxDefaultSize
				>
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
