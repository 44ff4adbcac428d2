import { TabPanel } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import { EnvironmentView } from './EnvironmentView';
import { readViewFromUrl, writeViewToUrl, type ViewName } from '../view-url';

/**
 * The whole screen: a title and one tab per environment.
 */
export function App() {
	const tabs = [
		{ name: 'production', title: __( 'Production', 'site-backups' ) },
		{ name: 'staging', title: __( 'Staging', 'site-backups' ) },
	];
	return (
		<div className="site-backups">
			<h1 className="wp-heading-inline">
				{ __( 'Backups', 'site-backups' ) }
			</h1>
			<TabPanel
				className="site-backups__tabs"
				tabs={ tabs }
				initialTabName={ readViewFromUrl( window.location.href ) }
				onSelect={ ( name: string ) =>
					writeViewToUrl( name as ViewName, window.history )
				}
			>
				{ ( tab ) => (
					<EnvironmentView environment={ tab.name as ViewName } />
				) }
			</TabPanel>
		</div>
	);
}
