import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { useNow } from '../hooks/use-now';
import { environmentLabel } from '../view-models/environment-label';
import { formatElapsed, secondsBetween } from '../view-models/format-elapsed';
import { joinCounts } from '../view-models/job-counts';
import type { JobView } from '../view-models/job-view';
import { Button, ProgressBar } from './ui';

interface Props {
	job: JobView;
	onCancel: () => void;
}

function headline( job: JobView ): string {
	if ( job.kind === 'fetch' ) {
		return __( 'Fetching a backup from off-site storage…', 'site-backups' );
	}
	if ( job.kind === 'restore' ) {
		return sprintf(
			/* translators: %s: environment name, such as Production. */
			__( 'Restoring %s…', 'site-backups' ),
			environmentLabel( job.environment )
		);
	}
	return job.environment === 'staging'
		? __( 'Backing up staging…', 'site-backups' )
		: __( 'Backing up production…', 'site-backups' );
}

function cancelLabel( job: JobView ): string {
	if ( job.cancelling ) {
		return __( 'Cancelling…', 'site-backups' );
	}
	if ( job.kind === 'fetch' ) {
		return __( 'Cancel fetch', 'site-backups' );
	}
	return job.kind === 'restore'
		? __( 'Cancel restore', 'site-backups' )
		: __( 'Cancel backup', 'site-backups' );
}

/**
 * Why the job can no longer be stopped: it is past its point of no return.
 *
 * @param job The job.
 */
function noCancelReason( job: JobView ): string {
	if ( job.kind === 'restore' ) {
		return __(
			'The restored site is being put in place: this can no longer be stopped.',
			'site-backups'
		);
	}
	return job.kind === 'backup'
		? __(
				'The backup is saved and is being copied off-site: this can no longer be stopped.',
				'site-backups'
			)
		: __( 'This can no longer be stopped.', 'site-backups' );
}

function progressLabel( job: JobView ): string {
	if ( job.kind === 'fetch' ) {
		return __( 'Fetch progress', 'site-backups' );
	}
	return job.kind === 'restore'
		? __( 'Restore progress', 'site-backups' )
		: __( 'Backup progress', 'site-backups' );
}

/**
 * "45% · 1,204 of 4,001 files · 120 MB": what is counted so far.
 *
 * @param job The job.
 */
function amounts( job: JobView ): string {
	const parts = [
		job.percent === null
			? ''
			: sprintf(
					/* translators: %d: percent done. */
					__( '%d%%', 'site-backups' ),
					job.percent
				),
		job.counts,
		job.detail,
	];
	return joinCounts( parts );
}

/**
 * The running backup, restore or fetch: phase, percent, counts and time
 * taken, and a way to stop it while it can still be stopped. Only the
 * phase is a live region: screen readers hear each new phase, not each
 * poll's numbers.
 *
 * @param props          Component props.
 * @param props.job      The job to show.
 * @param props.onCancel Called when the admin asks to cancel.
 */
export function JobProgress( { job, onCancel }: Props ) {
	const panel = useRef< HTMLDivElement >( null );
	const now = useNow( job.isRunning );
	// Keyboard and screen-reader users land on the progress they just started.
	useEffect( () => {
		panel.current?.focus();
	}, [ job.id ] );
	const headingId = `site-backups-progress-${ job.id }`;
	const counted = amounts( job );
	return (
		<div
			ref={ panel }
			tabIndex={ -1 }
			className="site-backups__progress"
			role="group"
			aria-labelledby={ headingId }
		>
			<div role="status" aria-live="polite">
				<p id={ headingId } className="site-backups__progress-label">
					{ headline( job ) } <span>{ job.phaseLabel }</span>
				</p>
				{ job.waitingForDatabase && (
					<p className="site-backups__progress-detail">
						{ __(
							'Waiting for the database… It stopped answering for a moment; the work done so far is kept, and the job goes on once it answers again.',
							'site-backups'
						) }
					</p>
				) }
			</div>
			<ProgressBar
				className="site-backups__progress-bar"
				value={ job.percent ?? undefined }
				aria-label={ progressLabel( job ) }
			/>
			{ counted && (
				<p className="site-backups__progress-detail site-backups__progress-counts">
					{ counted }
				</p>
			) }
			<p className="site-backups__progress-detail site-backups__progress-elapsed">
				{ sprintf(
					/* translators: %s: time the job has taken so far, such as "2 min 10 s". */
					__( 'Running for %s', 'site-backups' ),
					formatElapsed(
						secondsBetween(
							job.createdIso,
							job.finishedIso ? new Date( job.finishedIso ) : now
						)
					)
				) }
			</p>
			{ ! job.canCancel && (
				<p
					id={ `site-backups-no-cancel-${ job.id }` }
					className="site-backups__progress-detail"
				>
					{ noCancelReason( job ) }
				</p>
			) }
			<Button
				variant="secondary"
				isDestructive
				onClick={ onCancel }
				disabled={ job.cancelling || ! job.canCancel }
				// Stays focusable once the job passes its point of no return.
				accessibleWhenDisabled={ ! job.canCancel }
				aria-describedby={
					job.canCancel
						? undefined
						: `site-backups-no-cancel-${ job.id }`
				}
			>
				{ cancelLabel( job ) }
			</Button>
		</div>
	);
}
