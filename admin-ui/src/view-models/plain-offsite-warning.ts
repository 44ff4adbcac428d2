/**
 * The server's warning about off-site copies that leave the site readable
 * (not encrypted), and how to act on it. The server decides when to warn.
 */
import type { ApiSettings } from '../api/types';

export interface OffsiteWarning {
	message: string;
	/** Who turns encryption on, and how; '' when the server does not say. */
	fix: string;
}

/**
 * @param settings The API's settings.
 * @return The warning; null when there is none.
 */
export function offsiteWarningOf(
	settings: ApiSettings
): OffsiteWarning | null {
	const given = settings.offsite;
	if (
		! given ||
		given.configured !== true ||
		typeof given.warning !== 'string' ||
		given.warning === ''
	) {
		return null;
	}
	return {
		message: given.warning,
		fix: typeof given.warning_fix === 'string' ? given.warning_fix : '',
	};
}
