import { __, sprintf } from '@wordpress/i18n';

import { siteNameToType } from '../view-models/site-name-confirm';
import { TextControl } from './ui';

interface Props {
	siteName: string;
	value: string;
	onChange: ( value: string ) => void;
}

/**
 * Asks for the site's name before something replaces the live site; the
 * caller checks it with isSiteNameConfirmed().
 *
 * @param props          Component props.
 * @param props.siteName The site's title; empty asks for its host name.
 * @param props.value    What was typed.
 * @param props.onChange Called with what is typed.
 */
export function SiteNameConfirm( { siteName, value, onChange }: Props ) {
	return (
		<TextControl
			className="site-backups__site-name-confirm"
			label={ sprintf(
				/* translators: %s: the site's name, such as My Shop. */
				__( "Type the site's name, %s, to confirm", 'site-backups' ),
				siteNameToType( siteName )
			) }
			value={ value }
			onChange={ onChange }
			autoComplete="off"
			spellCheck={ false }
		/>
	);
}
