/**
 * How the store loads what its selectors of the same name read, the first
 * time they are read (and again once invalidated: see reloads.ts). Loading
 * and errors are @wordpress/data's resolution state (resolution.ts).
 */
import { fetchBackup, fetchBackups } from '../api/backups';
import { fetchEnvironments } from '../api/environments';
import { fetchActiveJob, fetchJob } from '../api/jobs';
import { fetchRecoveryKeyStatus } from '../api/recovery-key';
import { fetchSettings } from '../api/settings';
import { fetchStatus } from '../api/status';
import type { EnvironmentName, Trigger } from '../api/types';
import { PER_PAGE } from './reducer';
import type { Thunk } from './thunk';

export const getEnvironments =
	(): Thunk =>
	async ( { dispatch } ) => {
		dispatch( {
			type: 'ENVIRONMENTS_LOADED',
			items: await fetchEnvironments(),
		} );
	};

/**
 * One environment comes with the list of them.
 */
export const getEnvironment =
	(): Thunk =>
	async ( { resolveSelect } ) => {
		await resolveSelect.getEnvironments();
	};

/**
 * @param environment The environment.
 * @param page        The page, from 1.
 * @param trigger     The type shown; '' for all.
 */
export const getBackupPage =
	(
		environment: EnvironmentName,
		page: number,
		trigger: Trigger | ''
	): Thunk =>
	async ( { dispatch } ) => {
		const result = await fetchBackups( {
			environment,
			page,
			perPage: PER_PAGE,
			...( trigger ? { trigger } : {} ),
		} );
		dispatch( {
			type: 'BACKUP_PAGE_LOADED',
			environment,
			page,
			trigger,
			...result,
		} );
	};

/**
 * @param id The backup.
 */
export const getBackupDetails =
	( id: string ): Thunk =>
	async ( { dispatch } ) => {
		dispatch( {
			type: 'BACKUP_DETAILS_LOADED',
			id,
			details: await fetchBackup( id ),
		} );
	};

/**
 * The job running when the screen opens, if any; the actions track it, and
 * those it starts, from then on.
 */
export const getJob =
	(): Thunk =>
	async ( { dispatch, select } ) => {
		let job;
		try {
			job = await fetchActiveJob();
		} catch {
			return; // Polling starts with the next action; nothing to show yet.
		}
		// A job started from the screen meanwhile is the newer news. A copy
		// off-site makes way for any job the admin starts, so it is no job
		// to wait for: its rows say how far it is.
		if ( select.getJob() === null && job?.kind !== 'offsite' ) {
			dispatch( { type: 'JOB_RECEIVED', job } );
		}
	};

/**
 * Whether a job runs comes with the job.
 */
export const isJobRunning =
	(): Thunk =>
	async ( { resolveSelect } ) => {
		await resolveSelect.getJob();
	};

export const getSettings =
	(): Thunk =>
	async ( { dispatch } ) => {
		try {
			dispatch( {
				type: 'SETTINGS_LOADED',
				settings: await fetchSettings(),
			} );
		} catch {
			// Settings only add the plan line; the screen works without them.
		}
	};

export const getRecoveryKeyStatus =
	(): Thunk =>
	async ( { dispatch } ) => {
		let status = null;
		try {
			status = await fetchRecoveryKeyStatus();
		} catch {
			// Without an answer nothing is asked now; the next load asks again.
		}
		dispatch( { type: 'RECOVERY_KEY_STATUS_LOADED', status } );
	};

export const getStatus =
	(): Thunk =>
	async ( { dispatch } ) => {
		dispatch( { type: 'STATUS_LOADED', status: await fetchStatus() } );
	};

/**
 * @param id The job.
 */
export const getJobDetails =
	( id: string ): Thunk =>
	async ( { dispatch } ) => {
		dispatch( { type: 'JOB_DETAILS_LOADED', job: await fetchJob( id ) } );
	};
