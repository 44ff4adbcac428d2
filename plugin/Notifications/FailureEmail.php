<?php
/**
 * Tells the site's administrator when an automatic backup fails.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Notifications;

use SiteBackups\Admin\AdminPage;
use SiteBackups\Jobs\Job;
use SiteBackups\Support\Redactor;

/**
 * A scheduled backup fails at night, when nobody looks at the screen: an
 * email is the only way the admin learns of it in time. Manual backups fail
 * in front of the admin, so they send nothing.
 */
final class FailureEmail {

	public const ENABLED_OPTION   = 'site_backups_notifications_enabled';
	public const RECIPIENT_OPTION = 'site_backups_notification_email';

	/**
	 * Hooks the email to the end of jobs.
	 */
	public function register(): void {
		add_action( 'site_backups_job_finished', array( $this, 'on_job_finished' ) );
	}

	/**
	 * Whether failure emails are on (the default). Stored as '1' or '0':
	 * update_option() cannot store false over a missing option.
	 */
	public static function enabled(): bool {
		return (bool) filter_var( get_option( self::ENABLED_OPTION, '1' ), FILTER_VALIDATE_BOOLEAN );
	}

	/**
	 * Sends the email when a scheduled backup failed and emails are on. A scheduled retry of
	 * off-site copies is not a backup: Site Health tells of its failure instead.
	 *
	 * @param Job $job The job that ended.
	 */
	public function on_job_finished( Job $job ): void {
		if ( Job::FAILED !== $job->status() || 'backup' !== $job->kind() || 'scheduled' !== $job->param( 'trigger' ) ) {
			return;
		}
		if ( ! self::enabled() ) {
			return;
		}
		$recipient = (string) get_option( self::RECIPIENT_OPTION, '' );
		$email     = array(
			'to'      => is_email( $recipient ) ? $recipient : (string) get_option( 'admin_email' ),
			/* translators: %s: site name. */
			'subject' => sprintf( __( '[%s] The automatic backup failed', 'site-backups' ), wp_specialchars_decode( (string) get_option( 'blogname' ), ENT_QUOTES ) ),
			// Email crosses other servers in clear: the reason is redacted as for the browser.
			'message' => sprintf(
				/* translators: 1: site address, 2: the reason, 3: link to the Backups screen. */
				__( "Tonight's automatic backup of %1\$s did not complete.\n\nReason: %2\$s\n\nThe earlier backups are safe. Open %3\$s to start a backup now, and ask your host for help if it fails again.", 'site-backups' ),
				home_url(),
				Redactor::redact( (string) ( $job->to_array()['message'] ?? '' ) ),
				AdminPage::url()
			),
		);
		/**
		 * Filters the email sent when a scheduled backup fails; return false to send none.
		 *
		 * @param array{to: string, subject: string, message: string}|false $email The email.
		 * @param Job                                                       $job   The failed job.
		 */
		$email = apply_filters( 'site_backups_failure_email', $email, $job );
		if ( ! is_array( $email ) ) {
			return;
		}
		wp_mail( (string) $email['to'], (string) $email['subject'], (string) $email['message'] );
	}
}
