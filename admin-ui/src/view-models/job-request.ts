/**
 * What a restore or a fetch job works on, read from what it was asked
 * (params) and, once it ends, what it did (result).
 */
import type { ApiJob, EnvironmentName, RestorePart } from '../api/types';

/** A restore job's request and outcome. */
export interface RestoreInfo {
	backupId: string;
	target: EnvironmentName;
	parts: RestorePart[];
	safetyBackupId: string | null;
}

/**
 * What a restore job restores, where, and the safety backup it took; null
 * for other jobs.
 *
 * @param job The API's job.
 */
export function toRestoreInfo( job: ApiJob ): RestoreInfo | null {
	if ( job.kind !== 'restore' ) {
		return null;
	}
	const params = job.params ?? {};
	const result = job.result;
	return {
		backupId: result.backup ?? params.backup ?? '',
		// A restore job always names its target.
		target:
			result.environment ??
			params.environment ??
			( job.environment || 'production' ),
		parts: result.parts ?? params.parts ?? [ 'database', 'files' ],
		safetyBackupId: result.safety_backup ?? null,
	};
}

/**
 * The backup a fetch job brings back from off-site storage; null for other
 * jobs.
 *
 * @param job The API's job.
 */
export function fetchedBackupId( job: ApiJob ): string | null {
	if ( job.kind !== 'fetch' ) {
		return null;
	}
	return job.result.backup ?? job.params?.backup ?? null;
}
