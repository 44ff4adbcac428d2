/**
 * A job's progress as the progress panel shows it.
 */
import { __, sprintf } from '@wordpress/i18n';

import type { ApiJob, JobStatus } from '../api/types';
import { formatBytes } from './format-size';
import { formatJobCounts } from './job-counts';
import { phaseLabel, type JobViewKind } from './job-phase-labels';

export interface JobView {
	id: string;
	kind: JobViewKind;
	/** '' for an off-site copy, which is of every environment's backups. */
	environment: ApiJob[ 'environment' ];
	isRunning: boolean;
	status: JobStatus;
	percent: number | null;
	phaseLabel: string;
	/** "1,204 of 4,001 files · 12 of 43 tables · 120 MB"; '' when nothing is counted yet. */
	counts: string;
	/** A fetch's data so far, whose size is unknown until it ends. */
	detail: string;
	/** When the job was asked for (ISO 8601), to count the time it takes. */
	createdIso: string;
	/** When it ended (ISO 8601); null while it runs. */
	finishedIso: string | null;
	cancelling: boolean;
	/** Whether the server would accept a cancel now, as it said. */
	canCancel: boolean;
	/** The database went away: the job waits for it, its work kept. */
	waitingForDatabase: boolean;
	message: string;
	backupId: string | null;
}

/**
 * A job's progress, ready for the progress panel.
 *
 * @param job The API's job.
 */
export function toJobView( job: ApiJob ): JobView {
	const { progress } = job;
	let percent = progress.percent;
	if ( percent === null && progress.total ) {
		percent = Math.floor( ( 100 * progress.done ) / progress.total );
	}
	if ( job.status === 'done' ) {
		percent = 100;
	}
	const kind: JobViewKind =
		job.kind === 'restore' || job.kind === 'fetch' ? job.kind : 'backup';
	const isRunning = job.status === 'queued' || job.status === 'running';
	return {
		id: job.id,
		kind,
		environment: job.environment,
		isRunning,
		status: job.status,
		percent:
			percent === null ? null : Math.max( 0, Math.min( 100, percent ) ),
		phaseLabel: phaseLabel( kind, progress.phase ),
		counts: formatJobCounts( kind, progress ),
		detail: detailOf( kind, progress ),
		createdIso: job.created,
		finishedIso: job.finished,
		cancelling: job.cancelling,
		canCancel: job.can_cancel,
		waitingForDatabase: isRunning && !! job.waiting,
		message: job.message,
		backupId: job.result.backup ?? null,
	};
}

/**
 * The line under a fetch's progress, whose size is unknown until it ends:
 * how much has come so far. Other jobs say their counts instead, and never
 * the path they work on, which changes too fast to read.
 *
 * @param kind     The job's kind.
 * @param progress The job's progress.
 */
function detailOf( kind: JobViewKind, progress: ApiJob[ 'progress' ] ): string {
	if ( kind !== 'fetch' || progress.bytes <= 0 ) {
		return '';
	}
	return sprintf(
		/* translators: %s: an amount of data, such as "12.5 MB". */
		__( '%s fetched so far', 'site-backups' ),
		formatBytes( progress.bytes )
	);
}
