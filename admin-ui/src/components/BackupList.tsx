import type { RefObject } from 'react';
import { __, sprintf } from '@wordpress/i18n';

import type { EnvironmentName, Trigger } from '../api/types';
import { useActionsAsMenu } from '../hooks/use-actions-as-menu';
import type { BackupListState } from '../store/types';
import { emptyListTitle, triggerOptions } from '../view-models/backup-filter';
import {
	toBackupRow,
	withDistinctNames,
	type BackupRow,
} from '../view-models/backup-row';
import { groupByDay } from '../view-models/backup-days';
import { BackupTableRow } from './BackupTableRow';
import { LoadError } from './LoadError';
import { Button, SelectControl, Spinner } from './ui';

interface Props {
	environment: EnvironmentName;
	headingRef?: RefObject< HTMLHeadingElement >;
	list: BackupListState;
	emptyText: string;
	/** Why no job can start now; '' when one can. */
	busyReason: string;
	/** The backup being fetched from off-site storage, if any. */
	fetchingId: string | null;
	onPage: ( page: number ) => void;
	/** Reads the list again after it could not be read. */
	onRetry: () => void;
	onFilter: ( trigger: Trigger | '' ) => void;
	onDetails: ( row: BackupRow ) => void;
	onRestore: ( row: BackupRow ) => void;
	onFetch: ( row: BackupRow ) => Promise< unknown >;
	onDelete: ( row: BackupRow ) => void;
}

/**
 * The recovery points of one environment, newest first, paged and
 * filterable by type.
 *
 * @param props             Component props.
 * @param props.environment The environment listed.
 * @param props.headingRef  Receives the heading, to move focus to it.
 * @param props.list        The list's state.
 * @param props.emptyText   What to say when there is no backup.
 * @param props.busyReason  Why no job can start now ('' when one can).
 * @param props.fetchingId  The backup being fetched, if any.
 * @param props.onPage      Shows another page.
 * @param props.onRetry     Reads the list again after a failure.
 * @param props.onFilter    Filters by type.
 * @param props.onDetails   Opens a backup's details.
 * @param props.onRestore   Asks to restore a backup.
 * @param props.onFetch     Starts fetching a backup kept only off-site.
 * @param props.onDelete    Asks to delete a backup.
 */
export function BackupList( {
	environment,
	headingRef,
	list,
	emptyText,
	busyReason,
	fetchingId,
	onPage,
	onRetry,
	onFilter,
	onDetails,
	onRestore,
	onFetch,
	onDelete,
}: Props ) {
	const now = new Date();
	const rows = withDistinctNames(
		list.items.map( ( item ) => toBackupRow( item, now ) )
	);
	const days = groupByDay( rows, now );
	const asMenu = useActionsAsMenu();
	return (
		<div className="site-backups__list">
			<div className="site-backups__list-header">
				<h2 ref={ headingRef } tabIndex={ -1 }>
					{ __( 'Recovery points', 'site-backups' ) }
				</h2>
				<SelectControl
					label={ __( 'Type', 'site-backups' ) }
					value={ list.trigger }
					options={ triggerOptions( environment ) }
					onChange={ ( value: string ) =>
						onFilter( value as Trigger | '' )
					}
				/>
			</div>
			{ list.status === 'error' && list.failure && (
				<LoadError error={ list.failure } onRetry={ onRetry } />
			) }
			{ list.status === 'loading' && rows.length === 0 && (
				<p>
					<Spinner /> { __( 'Loading backups…', 'site-backups' ) }
				</p>
			) }
			{ list.status === 'ready' && rows.length === 0 && (
				<div className="site-backups__empty">
					<h3>{ emptyListTitle( list.trigger ) }</h3>
					<p>
						{ list.trigger
							? __(
									'Backups of the other types are listed under All types.',
									'site-backups'
								)
							: emptyText }
					</p>
				</div>
			) }
			{ rows.length > 0 && (
				<table className="widefat striped site-backups__table">
					<thead>
						<tr>
							<th scope="col">
								{ __( 'Date', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Type', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Note', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Size', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Status', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Expires', 'site-backups' ) }
							</th>
							<th scope="col">
								{ __( 'Location', 'site-backups' ) }
							</th>
							<th scope="col">
								<span className="screen-reader-text">
									{ __( 'Actions', 'site-backups' ) }
								</span>
							</th>
						</tr>
					</thead>
					{ days.map( ( day ) => (
						<tbody key={ day.key }>
							{ days.length > 1 && (
								<tr className="site-backups__day">
									<th colSpan={ 8 } scope="rowgroup">
										{ day.heading }
									</th>
								</tr>
							) }
							{ day.rows.map( ( row ) => (
								<BackupTableRow
									key={ row.id }
									row={ row }
									environment={ environment }
									asMenu={ asMenu }
									busyReason={ busyReason }
									fetchingId={ fetchingId }
									onDetails={ onDetails }
									onRestore={ onRestore }
									onFetch={ onFetch }
									onDelete={ onDelete }
								/>
							) ) }
						</tbody>
					) ) }
				</table>
			) }
			{ list.totalPages > 1 && (
				<nav
					className="site-backups__pages"
					aria-label={ __( 'Backup pages', 'site-backups' ) }
				>
					<Button
						variant="secondary"
						disabled={ list.page <= 1 }
						onClick={ () => onPage( list.page - 1 ) }
					>
						{ __( 'Newer', 'site-backups' ) }
					</Button>
					<span>
						{ sprintf(
							/* translators: 1: page number, 2: number of pages. */
							__( 'Page %1$d of %2$d', 'site-backups' ),
							list.page,
							list.totalPages
						) }
					</span>
					<Button
						variant="secondary"
						disabled={ list.page >= list.totalPages }
						onClick={ () => onPage( list.page + 1 ) }
					>
						{ __( 'Older', 'site-backups' ) }
					</Button>
				</nav>
			) }
		</div>
	);
}
