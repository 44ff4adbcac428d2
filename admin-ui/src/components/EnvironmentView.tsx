import { useDispatch, useSelect } from '@wordpress/data';
import { useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { EnvironmentName } from '../api/types';
import { useBackupList } from '../hooks/use-backup-list';
import { useOffsiteCopyRefresh } from '../hooks/use-offsite-copy-refresh';
import { store } from '../store';
import type { RestoreOutcome } from '../store/job-actions';
import { loadStatusOf } from '../store/resolution';
import type { BackupRow } from '../view-models/backup-row';
import { fetchedBackupId } from '../view-models/job-request';
import { toJobView, type JobView } from '../view-models/job-view';
import { BackupDetails } from './BackupDetails';
import { BackupList } from './BackupList';
import { ConfirmDelete } from './ConfirmDelete';
import { CreateBackup } from './CreateBackup';
import { JobProgress } from './JobProgress';
import { OffsiteSummary } from './OffsiteSummary';
import { RestoreDialog } from './RestoreDialog';
import { StatusBlock } from './StatusBlock';
import { RunningJobLine } from './RunningJobLine';
import { Notice, Spinner } from './ui';

interface Props {
	environment: EnvironmentName;
}

/**
 * Why no backup or restore can start now; '' when one can.
 *
 * @param running     The running job, if any.
 * @param environment The environment shown.
 * @param creating    Whether a backup is being started.
 */
function busyReasonOf(
	running: JobView | null,
	environment: EnvironmentName,
	creating: boolean
): string {
	if ( running?.kind === 'restore' ) {
		return __(
			'A restore is running: one backup or restore runs at a time.',
			'site-backups'
		);
	}
	if ( running?.kind === 'fetch' ) {
		return __(
			'A backup is being fetched from off-site storage: one job runs at a time.',
			'site-backups'
		);
	}
	if ( running ) {
		return running.environment === environment
			? __( 'A backup of this environment is running.', 'site-backups' )
			: __(
					'Another backup is running: one backup runs at a time.',
					'site-backups'
				);
	}
	return creating ? __( 'Starting the backup…', 'site-backups' ) : '';
}

/**
 * One environment: how it is backed up, the button to back it up now, the
 * running job, and its recovery points to restore or download.
 *
 * @param props             Component props.
 * @param props.environment The environment shown.
 */
export function EnvironmentView( { environment }: Props ) {
	const isStaging = environment === 'staging';
	const { info, environments, environmentsStatus, job, creating, settings } =
		useSelect(
			( select ) => {
				const data = select( store );
				return {
					info: data.getEnvironment( environment ),
					environments: data.getEnvironments(),
					environmentsStatus: loadStatusOf(
						data,
						'getEnvironments',
						[]
					),
					job: data.getJob(),
					creating: data.isCreating(),
					settings: data.getSettings(),
				};
			},
			[ environment ]
		);
	const list = useBackupList( environment, !! info?.configured );
	useOffsiteCopyRefresh( list.items );
	const actions = useDispatch( store );
	const [ details, setDetails ] = useState< BackupRow | null >( null );
	const [ deleting, setDeleting ] = useState< BackupRow | null >( null );
	const [ restoring, setRestoring ] = useState< BackupRow | null >( null );
	const listHeading = useRef< HTMLHeadingElement >( null );

	const jobView = job ? toJobView( job ) : null;
	const running = jobView?.isRunning ? jobView : null;
	const busyReason = busyReasonOf( running, environment, creating );
	const fetchingId = running && job ? fetchedBackupId( job ) : null;

	const region = isStaging
		? __( 'Staging backups', 'site-backups' )
		: __( 'Production backups', 'site-backups' );

	if ( ! info ) {
		return (
			<section
				className="site-backups__environment"
				aria-label={ region }
			>
				{ environmentsStatus === 'error' ? null : (
					<Spinner label={ __( 'Loading…', 'site-backups' ) } />
				) }
			</section>
		);
	}

	return (
		<section className="site-backups__environment" aria-label={ region }>
			{ info.configured && <StatusBlock environment={ environment } /> }
			{ isStaging && (
				<Notice status="info" isDismissible={ false }>
					{ __(
						'Staging sites do not receive automatic backups. Back up staging by hand before you change it.',
						'site-backups'
					) }
				</Notice>
			) }
			{ ! info.configured && (
				<Notice status="warning" isDismissible={ false }>
					{ info.problem }
				</Notice>
			) }
			{ info.configured && (
				<>
					<div className="site-backups__summary">
						{ settings && (
							<p>
								{ sprintf(
									/* translators: 1: number of days, 2: plan name. */
									_n(
										'Backups are kept for %1$d day on the %2$s plan.',
										'Backups are kept for %1$d days on the %2$s plan.',
										settings.plan.retention_days,
										'site-backups'
									),
									settings.plan.retention_days,
									settings.plan.label
								) }
							</p>
						) }
						{ settings && <OffsiteSummary settings={ settings } /> }
					</div>
					<CreateBackup
						environment={ environment }
						busyReason={ busyReason }
						onCreate={ ( note ) =>
							actions.createBackup( environment, note )
						}
					/>
					{ /* A restore may target the other environment, and a fetch blocks both: show them wherever the admin is. */ }
					{ running &&
						( running.environment === environment ||
							running.kind !== 'backup' ) && (
							<JobProgress
								job={ running }
								onCancel={ () => actions.cancelJob() }
							/>
						) }
					{ /* A backup of the other environment: one line, and its Cancel. */ }
					{ running &&
						job &&
						running.environment !== environment &&
						running.kind === 'backup' && (
							<RunningJobLine
								job={ job }
								view={ running }
								onCancel={ () => actions.cancelJob() }
							/>
						) }
					<BackupList
						environment={ environment }
						headingRef={ listHeading }
						list={ list }
						busyReason={ busyReason }
						fetchingId={ fetchingId }
						emptyText={
							isStaging
								? __(
										'Recovery points of the staging site will be listed here.',
										'site-backups'
									)
								: __(
										'Recovery points of the live site will be listed here, newest first. Production is backed up automatically every day.',
										'site-backups'
									)
						}
						onPage={ ( page ) =>
							actions.showBackupPage(
								environment,
								page,
								list.trigger
							)
						}
						onRetry={ () => actions.reloadBackupPages() }
						onFilter={ ( trigger ) =>
							actions.showBackupPage( environment, 1, trigger )
						}
						onDetails={ setDetails }
						onRestore={ setRestoring }
						onFetch={ ( row ) =>
							actions.fetchFromOffsite( row.id )
						}
						onDelete={ setDeleting }
					/>
				</>
			) }
			{ details && (
				<BackupDetails
					row={ details }
					onClose={ () => setDetails( null ) }
				/>
			) }
			{ restoring && (
				<RestoreDialog
					row={ restoring }
					source={ environment }
					environments={ environments }
					busyReason={ running ? busyReason : '' }
					onRestore={ ( body ) =>
						actions.restoreBackup(
							restoring.id,
							body
						) as Promise< RestoreOutcome >
					}
					onClose={ () => setRestoring( null ) }
				/>
			) }
			{ deleting && (
				<ConfirmDelete
					row={ deleting }
					onConfirm={ async () => {
						await actions.deleteBackup( environment, deleting.id );
						// The deleted row's button is gone: focus its list instead.
						window.setTimeout( () => listHeading.current?.focus() );
					} }
					onClose={ () => setDeleting( null ) }
				/>
			) }
		</section>
	);
}
