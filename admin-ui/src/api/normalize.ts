/**
 * Pure translations from API shapes to what the screen shows.
 */
import { dateI18n, getSettings, humanTimeDiff } from '@wordpress/date';
import { __, sprintf } from '@wordpress/i18n';

import type { ApiBackup, ApiJob, JobStatus, Trigger } from './types';

export interface BackupRow {
	id: string;
	type: string;
	trigger: Trigger;
	note: string;
	createdLabel: string;
	createdRelative: string;
	createdIso: string;
	sizeLabel: string;
	storedLabel: string;
	statusLabel: string;
	expiresLabel: string;
	skipped: number;
}

export interface JobView {
	id: string;
	environment: string;
	isRunning: boolean;
	status: JobStatus;
	percent: number | null;
	phaseLabel: string;
	detail: string;
	cancelling: boolean;
	message: string;
	backupId: string | null;
}

const TYPE_LABELS: Record< Trigger, () => string > = {
	scheduled: () => __( 'Automatic', 'site-backups' ),
	manual: () => __( 'Manual', 'site-backups' ),
	safety: () => __( 'Safety', 'site-backups' ),
};

const PHASE_LABELS: Record< string, () => string > = {
	queued: () => __( 'Waiting to start', 'site-backups' ),
	files: () => __( 'Backing up files', 'site-backups' ),
	database: () => __( 'Backing up the database', 'site-backups' ),
	ready: () => __( 'Finishing', 'site-backups' ),
	done: () => __( 'Done', 'site-backups' ),
};

/**
 * "1.5 MB": bytes in the largest unit that keeps the number readable.
 *
 * @param bytes A byte count.
 */
export function formatBytes( bytes: number ): string {
	const units = [ 'B', 'KB', 'MB', 'GB', 'TB' ];
	let value = Math.max( 0, bytes );
	let unit = 0;
	while ( value >= 1024 && unit < units.length - 1 ) {
		value /= 1024;
		unit++;
	}
	const digits = unit === 0 || value >= 100 ? 0 : 1;
	return `${ value.toFixed( digits ) } ${ units[ unit ] }`;
}

/**
 * A date in the site's time zone, as WordPress formats it.
 *
 * @param iso An ISO 8601 time.
 */
export function formatSiteDate( iso: string ): string {
	const { formats } = getSettings();
	return dateI18n( `${ formats.date } ${ formats.time }`, iso, undefined );
}

/**
 * One recovery point, ready for the list.
 *
 * @param backup The API's backup.
 * @param now    The current time, for relative hints.
 */
export function toBackupRow( backup: ApiBackup, now: Date ): BackupRow {
	const created = new Date( backup.created );
	return {
		id: backup.id,
		type: ( TYPE_LABELS[ backup.trigger ] ?? TYPE_LABELS.manual )(),
		trigger: backup.trigger,
		note: backup.note,
		createdIso: backup.created,
		createdLabel: formatSiteDate( backup.created ),
		createdRelative: sprintf(
			/* translators: %s: a time span such as "3 hours". */
			__( '%s ago', 'site-backups' ),
			humanTimeDiff( created, now ).replace( / ago$/, '' )
		),
		sizeLabel: formatBytes( backup.size ),
		storedLabel: formatBytes( backup.stored_bytes ),
		statusLabel:
			backup.status === 'complete'
				? __( 'Complete', 'site-backups' )
				: __( 'Complete, with skipped files', 'site-backups' ),
		expiresLabel: backup.expires
			? formatSiteDate( backup.expires )
			: __( 'Kept as the latest backup', 'site-backups' ),
		skipped: backup.counts.skipped ?? 0,
	};
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
	const phase = PHASE_LABELS[ progress.phase ];
	return {
		id: job.id,
		environment: job.environment,
		isRunning: job.status === 'queued' || job.status === 'running',
		status: job.status,
		percent:
			percent === null ? null : Math.max( 0, Math.min( 100, percent ) ),
		phaseLabel: phase ? phase() : progress.phase,
		detail: progress.current,
		cancelling: job.cancelling,
		message: job.message,
		backupId: job.result.backup ?? null,
	};
}
