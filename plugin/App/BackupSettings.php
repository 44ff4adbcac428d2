<?php
/**
 * The backup settings an administrator changes: the daily time, the extra exclusions, the
 * failure emails and what uninstalling deletes; and, read-only, the plan and off-site copies.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Backup\Exclusions;
use SiteBackups\Health\PlainOffsiteHealth;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Offsite\OffsiteSummary;
use SiteBackups\Retention\Plan;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Uninstaller;

/**
 * Kept in options (the daily time moves the pending event with it); a setting not given is left
 * alone.
 */
final class BackupSettings {

	public const EXCLUSIONS_OPTION    = Exclusions::OPTION;
	public const EMAIL_OPTION         = 'site_backups_notification_email';
	public const NOTIFICATIONS_OPTION = 'site_backups_notifications_enabled';
	public const UNINSTALL_OPTION     = Uninstaller::DELETE_BACKUPS_OPTION;

	/**
	 * Sets up the settings.
	 *
	 * @param DailySchedule  $schedule The daily backup's event.
	 * @param OffsiteService $offsite  Off-site copies, for their summary.
	 */
	public function __construct(
		private readonly DailySchedule $schedule,
		private readonly OffsiteService $offsite
	) {
	}

	/**
	 * Every setting.
	 *
	 * @return array<string, mixed>
	 */
	public function read(): array {
		$plan = Plan::current();
		return array(
			'schedule_time'               => $this->schedule->time_of_day(),
			'timezone'                    => wp_timezone_string(),
			'exclusions'                  => Exclusions::saved(),
			'notification_email'          => (string) get_option( self::EMAIL_OPTION, '' ),
			'notifications_enabled'       => (bool) filter_var( get_option( self::NOTIFICATIONS_OPTION, '1' ), FILTER_VALIDATE_BOOLEAN ),
			'delete_backups_on_uninstall' => Uninstaller::deletes_backups(),
			'plan'                        => array(
				'name'           => $plan->name(),
				'label'          => $plan->label(),
				'retention_days' => $plan->retention_days(),
				'set_by_host'    => $plan->is_set_by_host(),
			),
			'offsite'                     => $this->offsite(),
		);
	}

	/**
	 * Changes the settings given; leaves the others alone.
	 *
	 * @param array<string, mixed> $changes Settings by name, checked against their schema.
	 * @throws Refused When the time of day is not HH:MM.
	 */
	public function update( array $changes ): void {
		if ( isset( $changes['schedule_time'] ) ) {
			$time = (string) $changes['schedule_time'];
			if ( $time !== $this->schedule->time_of_day() && ! $this->schedule->set_time_of_day( $time ) ) {
				throw new Refused( 'rest_invalid_param', __( 'The time must be HH:MM.', 'site-backups' ), Refused::INVALID );
			}
		}
		if ( isset( $changes['exclusions'] ) && is_array( $changes['exclusions'] ) ) {
			Exclusions::save( $changes['exclusions'] );
		}
		if ( isset( $changes['notification_email'] ) ) {
			update_option( self::EMAIL_OPTION, sanitize_email( (string) $changes['notification_email'] ), false );
		}
		if ( isset( $changes['notifications_enabled'] ) ) {
			update_option( self::NOTIFICATIONS_OPTION, $changes['notifications_enabled'] ? '1' : '0', false );
		}
		if ( isset( $changes['delete_backups_on_uninstall'] ) ) {
			update_option( self::UNINSTALL_OPTION, $changes['delete_backups_on_uninstall'] ? '1' : '0', false );
		}
	}

	/**
	 * The off-site summary, with the warning a plain copy deserves.
	 *
	 * @return array<string, mixed>
	 */
	private function offsite(): array {
		$data    = ( new OffsiteSummary( $this->offsite ) )->data();
		$warning = ( new PlainOffsiteHealth( $this->offsite->settings() ) )->warning();
		return $data + array(
			'warning'     => $warning['message'] ?? '',
			'warning_fix' => $warning['fix'] ?? '',
		);
	}
}
