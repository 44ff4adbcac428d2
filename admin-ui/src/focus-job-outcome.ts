/**
 * Where keyboard and screen-reader users land when a job ends: its
 * progress panel is gone, so focus would fall back to the page's start.
 */

/** The notice that says how the tracked job ended. */
export const JOB_NOTICE_ID = 'site-backups-job';

/** The class the notice saying how a job ended carries (see Notices.tsx). */
export const JOB_NOTICE_CLASS = 'site-backups__job-notice';

/**
 * Focuses the new backup's row when it is listed, else the notice that
 * says how the job ended; once the screen has drawn them.
 *
 * @param backupId The new backup, for a backup job that is done.
 */
export function focusJobOutcome( backupId: string | null ): void {
	window.setTimeout( () => {
		const target =
			findRow( backupId ) ??
			document.querySelector< HTMLElement >( `.${ JOB_NOTICE_CLASS }` );
		if ( ! target ) {
			return;
		}
		if ( ! target.hasAttribute( 'tabindex' ) ) {
			target.setAttribute( 'tabindex', '-1' );
		}
		target.focus();
	} );
}

function findRow( backupId: string | null ): HTMLElement | null {
	// Backup ids are hex; anything else is not looked for in a selector.
	if ( ! backupId || ! /^[a-z0-9-]+$/i.test( backupId ) ) {
		return null;
	}
	return document.querySelector< HTMLElement >(
		`tr[data-backup-id="${ backupId }"]`
	);
}
