<?php
/**
 * Tells administrators on the Dashboard that the last automatic backup failed.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Notifications;

use SiteBackups\Admin\AdminPage;
use SiteBackups\Status\BackupOutcome;
use SiteBackups\Status\SiteStatus;
use SiteBackups\Status\SiteTime;
use SiteBackups\Support\Capability;

/**
 * The failure email may go unread or to an old address; the next time an administrator opens
 * the Dashboard, they read when and why it failed, with a link to act. It shows until an
 * automatic backup succeeds (as Site Health's test does), or until that user dismisses it: a
 * dismissal holds for that one failure, so the next failed night shows again. Only users who may
 * manage backups see it. The Backups screen does without it: its status block says the same
 * at the top, and the notice would say it twice.
 */
final class FailedBackupNotice {

	public const DISMISS_ACTION = 'site_backups_dismiss_failure';
	/** Each user's dismissed failure; an option, so uninstalling takes it away with the plugin's others. */
	public const DISMISSED_OPTION = 'site_backups_dismissed_failures';

	/**
	 * Sets up the notice.
	 *
	 * @param SiteStatus $status Where the site stands.
	 */
	public function __construct( private readonly SiteStatus $status ) {
	}

	/**
	 * Hooks the notice into the admin screens (the network's on a multisite network) and the dismissal.
	 */
	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
		add_action( 'network_admin_notices', array( $this, 'render' ) );
		add_action( 'admin_post_' . self::DISMISS_ACTION, array( $this, 'handle_dismiss' ) );
	}

	/**
	 * Prints the notice where it belongs, for a user who may manage backups, while the last
	 * automatic backup has failed and they have not dismissed that failure.
	 */
	public function render(): void {
		$screen = get_current_screen();
		if ( null === $screen || ! self::is_shown_on( $screen->base ) || ! current_user_can( Capability::required() ) ) {
			return;
		}
		$failed = $this->status->failed_automatic();
		if ( null === $failed || self::key( $failed ) === self::dismissed( get_current_user_id() ) ) {
			return;
		}
		wp_admin_notice(
			$this->message( $failed ),
			array(
				'type'               => 'error',
				'additional_classes' => array( 'site-backups-failure-notice' ),
			)
		);
	}

	/**
	 * The notice's HTML: when and why, a link to the Backups screen, and a link to dismiss it.
	 *
	 * @param BackupOutcome $failed The failed automatic backup.
	 */
	public function message( BackupOutcome $failed ): string {
		$sentence = sprintf(
			/* translators: 1: date and time the backup failed, 2: why it failed. */
			__( 'Site Backups: the automatic backup of %1$s failed: %2$s', 'site-backups' ),
			SiteTime::format( $failed->time() ),
			'' === (string) $failed->error ? __( 'no reason was recorded.', 'site-backups' ) : (string) $failed->error
		);
		$dismiss = wp_nonce_url(
			add_query_arg(
				array(
					'action'  => self::DISMISS_ACTION,
					'failure' => self::key( $failed ),
				),
				admin_url( 'admin-post.php' )
			),
			self::DISMISS_ACTION
		);
		return esc_html( $sentence )
			. sprintf( ' <a href="%s">%s</a>', esc_url( AdminPage::url() ), esc_html__( 'Open Backups', 'site-backups' ) )
			. sprintf( ' | <a href="%s">%s</a>', esc_url( $dismiss ), esc_html__( 'Dismiss', 'site-backups' ) );
	}

	/**
	 * The dismiss link's target: remembers the dismissal for the current user, then goes back.
	 */
	public function handle_dismiss(): void {
		if ( ! current_user_can( Capability::required() ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage backups.', 'site-backups' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( self::DISMISS_ACTION );
		$failure = isset( $_GET['failure'] ) ? sanitize_text_field( wp_unslash( $_GET['failure'] ) ) : '';
		$this->dismiss( get_current_user_id(), $failure );
		wp_safe_redirect( wp_get_referer() ? wp_get_referer() : admin_url() );
		exit;
	}

	/**
	 * Hides the notice of a failure from a user; a later failure shows again.
	 *
	 * @param int    $user    User ID.
	 * @param string $failure The failure's key, as the dismiss link carries it.
	 */
	public function dismiss( int $user, string $failure ): void {
		if ( '' === $failure || $user <= 0 ) {
			return;
		}
		$dismissed          = get_option( self::DISMISSED_OPTION, array() );
		$dismissed          = is_array( $dismissed ) ? $dismissed : array();
		$dismissed[ $user ] = $failure;
		update_option( self::DISMISSED_OPTION, $dismissed, false );
	}

	/**
	 * The failure a user dismissed last; '' for none.
	 *
	 * @param int $user User ID.
	 */
	private static function dismissed( int $user ): string {
		$dismissed = get_option( self::DISMISSED_OPTION, array() );
		return is_array( $dismissed ) && isset( $dismissed[ $user ] ) ? (string) $dismissed[ $user ] : '';
	}

	/**
	 * What tells one failure from the next: its job, else when it began.
	 *
	 * @param BackupOutcome $failed A failed backup.
	 */
	public static function key( BackupOutcome $failed ): string {
		return $failed->job_id ?? (string) $failed->started_at;
	}

	/**
	 * Whether the notice belongs on a screen: the Dashboard (a site's or the network's), never the
	 * Backups screen, whose status block says it already.
	 *
	 * @param string $base The screen's base.
	 */
	private static function is_shown_on( string $base ): bool {
		return 'dashboard' === $base;
	}
}
