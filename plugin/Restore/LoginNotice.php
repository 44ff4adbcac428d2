<?php
/**
 * The login page's word after a restore ended the admin's session.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Restore;

/**
 * The screen sends the admin to wp-login.php?site_backups_restored=1 when their session did not
 * survive the restore (the restored database holds the users and sessions of the backup's time).
 */
final class LoginNotice {

	public const QUERY_ARG = 'site_backups_restored';

	/**
	 * Hooks the message in.
	 */
	public function register(): void {
		add_filter( 'login_message', array( $this, 'message' ) );
	}

	/**
	 * Adds the explanation above the login form.
	 *
	 * @param string $message What other code put there.
	 */
	public function message( $message ): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only chooses a fixed message to show.
		if ( ! isset( $_GET[ self::QUERY_ARG ] ) ) {
			return (string) $message;
		}
		return (string) $message . '<div class="notice notice-info message"><p>'
			. esc_html__( 'The site was restored from a backup, which ended your session. Log in again to continue; use the password the site had when that backup was made.', 'site-backups' )
			. '</p></div>';
	}
}
