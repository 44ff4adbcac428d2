/**
 * What each phase of a job is called on the screen, by the kind of job.
 */
import { __ } from '@wordpress/i18n';

import type { JobKind } from '../api/types';

/**
 * How a job is shown: an off-site copy of the backups made so far is shown
 * as the backups' own last step.
 */
export type JobViewKind = Exclude< JobKind, 'offsite' >;

const PHASE_LABELS: Record< JobViewKind, Record< string, () => string > > = {
	backup: {
		queued: () => __( 'Waiting to start', 'site-backups' ),
		files: () => __( 'Backing up files', 'site-backups' ),
		database: () => __( 'Backing up the database', 'site-backups' ),
		// The engine names the database phase after its source.
		'source:database': () =>
			__( 'Backing up the database', 'site-backups' ),
		ready: () => __( 'Finishing', 'site-backups' ),
		publishing: () => __( 'Finishing', 'site-backups' ),
		offsite: () => __( 'Copying the backup off-site', 'site-backups' ),
		done: () => __( 'Done', 'site-backups' ),
	},
	restore: {
		queued: () => __( 'Waiting to start', 'site-backups' ),
		safety_backup: () => __( 'Taking a safety backup', 'site-backups' ),
		fetching: () =>
			__( 'Fetching the backup from off-site storage', 'site-backups' ),
		checking: () => __( 'Checking the backup', 'site-backups' ),
		database: () => __( 'Restoring the database', 'site-backups' ),
		rewriting: () => __( 'Changing the site address', 'site-backups' ),
		files: () => __( 'Restoring files', 'site-backups' ),
		switching: () => __( 'Switching to the restored site', 'site-backups' ),
		cleanup: () => __( 'Cleaning up', 'site-backups' ),
		done: () => __( 'Done', 'site-backups' ),
	},
	fetch: {
		queued: () => __( 'Waiting to start', 'site-backups' ),
		fetching: () => __( 'Fetching from off-site storage', 'site-backups' ),
		done: () => __( 'Done', 'site-backups' ),
	},
};

/**
 * A phase's name for people; the server's own name for a phase the screen
 * does not know.
 *
 * @param kind  How the job is shown.
 * @param phase The phase, as the server names it.
 */
export function phaseLabel( kind: JobViewKind, phase: string ): string {
	const label = PHASE_LABELS[ kind ][ phase ];
	return label ? label() : phase;
}
