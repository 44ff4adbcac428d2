import { useDispatch, useSelect } from '@wordpress/data';
import { useEffect } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

import type { ApiEnvironment, ApiSettings, ApiWarning } from '../api/types';
import { useLoginAfterRestore } from '../hooks/use-login-after-restore';
import { store } from '../store';
import { loadFailureOf } from '../store/resolution';
import { offsiteOf, offsiteWarnings } from '../view-models/offsite-status';
import { readViewFromUrl, writeViewToUrl, type ViewName } from '../view-url';
import { EnvironmentView } from './EnvironmentView';
import { HealthWarnings } from './HealthWarnings';
import { LoadError } from './LoadError';
import { Notices } from './Notices';
import { RecoveryKeyNotice } from './RecoveryKeyNotice';
import { UndoRestoreDialog } from './UndoRestoreDialog';
import { TabPanel } from './ui';

/** How often a running backup's progress is asked for. */
export const POLL_MILLISECONDS = 2000;

/**
 * Every environment's warnings, and one for the whole site while off-site
 * copies fail (unless the server already sent it).
 *
 * @param environments The environments.
 * @param settings     The settings, once loaded.
 */
function warningsOf(
	environments: ApiEnvironment[],
	settings: ApiSettings | null
): ApiWarning[] {
	const warnings = environments.flatMap( ( item ) => item.warnings );
	const offsite = settings ? offsiteWarnings( offsiteOf( settings ) ) : [];
	return [
		...warnings,
		...offsite.filter(
			( warning ) =>
				! warnings.some( ( item ) => item.code === warning.code )
		),
	];
}

/**
 * The whole screen: warnings, one tab per environment, and notices.
 */
export function App() {
	const actions = useDispatch( store );
	// The store's resolvers load what is read here the first time: the
	// environments, the settings, and the job running when the screen opens.
	const { environments, environmentsError, running, settings, undo } =
		useSelect( ( select ) => {
			const data = select( store );
			return {
				environments: data.getEnvironments(),
				environmentsError: loadFailureOf( data, 'getEnvironments', [] ),
				running: data.isJobRunning(),
				settings: data.getSettings(),
				undo: data.getUndoRequest(),
			};
		}, [] );

	useLoginAfterRestore();

	useEffect( () => {
		if ( ! running ) {
			return undefined;
		}
		const timer = window.setInterval(
			() => actions.refreshJob(),
			POLL_MILLISECONDS
		);
		return () => window.clearInterval( timer );
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ running ] );

	const warnings = warningsOf( environments, settings );
	const tabs = [
		{ name: 'production', title: __( 'Production', 'site-backups' ) },
		{ name: 'staging', title: __( 'Staging', 'site-backups' ) },
	];
	return (
		<div className="site-backups">
			<h1 className="wp-heading-inline">
				{ __( 'Backups', 'site-backups' ) }
			</h1>
			<Notices />
			{ environmentsError && (
				<LoadError
					error={ environmentsError }
					onRetry={ () => actions.reloadEnvironments() }
				/>
			) }
			<HealthWarnings warnings={ warnings } />
			<RecoveryKeyNotice settings={ settings } />
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
			{ undo && <UndoRestoreDialog request={ undo } /> }
		</div>
	);
}
