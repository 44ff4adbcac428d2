<?php
/**
 * What keeps production's automatic backups from happening, for the
 * screen, the REST API and Site Health alike.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Health;

use SiteBackups\Admin\AdminPage;
use SiteBackups\Backups\BackupService;
use SiteBackups\Backups\StoreDirectory;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\SavedOffsiteSettings;
use SiteBackups\Schedule\DailySchedule;

/**
 * The peers' most common failure is a schedule that silently stops (WP-Cron
 * not firing, loopback requests blocked). Each warning says what is wrong
 * and the system cron line that fixes it.
 */
final class BackupHealth {

	public const STALE_HOURS           = 26;
	public const SCHEDULE_SINCE_OPTION = 'site_backups_schedule_since';
	public const LOOPBACK_SENT_OPTION  = 'site_backups_loopback_sent';
	public const LOOPBACK_SEEN_OPTION  = 'site_backups_loopback_seen';

	/** Seconds a loopback request may take to arrive before it counts as lost. */
	private const LOOPBACK_GRACE = 30;

	/**
	 * Sets up the checks.
	 *
	 * @param BackupService $backups  The engine and environments.
	 * @param DailySchedule $schedule The daily production schedule.
	 */
	public function __construct( private readonly BackupService $backups, private readonly DailySchedule $schedule ) {
	}

	/**
	 * Adds the check to Tools → Site Health.
	 */
	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_site_health_test' ) );
	}

	/**
	 * Registers the direct Site Health test.
	 *
	 * @param array<string, mixed> $tests Site Health tests.
	 * @return array<string, mixed>
	 */
	public function add_site_health_test( $tests ) {
		$tests['direct']['site_backups'] = array(
			'label' => __( 'Automatic backups', 'site-backups' ),
			'test'  => array( $this, 'site_health_result' ),
		);

		$tests['direct'][ StoreLocationHealth::TEST ] = array(
			'label' => __( 'Where backups are kept', 'site-backups' ),
			'test'  => array( new StoreLocationHealth( new StoreDirectory() ), 'site_health_result' ),
		);
		$tests['direct'][ PlainOffsiteHealth::TEST ]  = array(
			'label' => __( 'Off-site copies are encrypted', 'site-backups' ),
			'test'  => array( new PlainOffsiteHealth( new OffsiteSettings( new SavedOffsiteSettings( new StoreDirectory() ) ) ), 'site_health_result' ),
		);
		$tests['direct'][ Preflight::TEST ]           = array(
			'label' => __( 'What backups need from this host', 'site-backups' ),
			'test'  => array( new Preflight( new StoreDirectory() ), 'site_health_result' ),
		);
		$tests['direct'][ HostLimitsHealth::TEST ]    = array(
			'label' => __( 'What PHP allows backups', 'site-backups' ),
			'test'  => array( new HostLimitsHealth(), 'site_health_result' ),
		);
		return $tests;
	}

	/**
	 * The Site Health result: good, or the warnings with their fixes.
	 *
	 * @return array<string, mixed>
	 */
	public function site_health_result(): array {
		$warnings = $this->production_warnings();
		$result   = array(
			'label'       => __( 'Automatic backups are running', 'site-backups' ),
			'status'      => 'good',
			'badge'       => array(
				'label' => __( 'Backups', 'site-backups' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html__( 'The live site is backed up automatically every day.', 'site-backups' ) . '</p>',
			'actions'     => sprintf( '<a href="%s">%s</a>', esc_url( AdminPage::url() ), esc_html__( 'Open Backups', 'site-backups' ) ),
			'test'        => 'site_backups',
		);
		if ( $warnings ) {
			$result['label']          = __( 'Automatic backups may not be running', 'site-backups' );
			$result['status']         = 'critical';
			$result['badge']['color'] = 'red';
			$result['description']    = '';
			foreach ( $warnings as $warning ) {
				$result['description'] .= '<p><strong>' . esc_html( $warning['message'] ) . '</strong></p><p>' . esc_html( $warning['fix'] ) . '</p>';
			}
		}
		return $result;
	}

	/**
	 * Production's warnings, worked out from the schedule and the store.
	 *
	 * @return list<array{code: string, message: string, fix: string}>
	 */
	public function production_warnings(): array {
		$automatic = $this->schedule->is_production();
		$next      = $automatic ? wp_next_scheduled( DailySchedule::HOOK ) : false;
		return $this->warnings( $automatic, false === $next ? null : (int) $next, $this->newest_automatic_backup_time() );
	}

	/**
	 * When the newest automatic backup of production began; null when none exists.
	 */
	public function newest_automatic_backup_time(): ?float {
		try {
			$summaries = $this->backups->engine()->list();
		} catch ( \Throwable $unreadable ) {
			// A store that cannot be read is reported on its own (Preflight, the screen's errors).
			return null;
		}
		foreach ( $summaries as $summary ) {
			$meta = $summary['meta'];
			if ( 'production' === ( $meta['environment'] ?? null ) && 'scheduled' === ( $meta['trigger'] ?? null ) ) {
				return (float) ( $meta['started_at'] ?? 0 );
			}
		}
		return null;
	}

	/**
	 * The warnings for a schedule state.
	 *
	 * @param bool       $automatic Whether automatic backups run here.
	 * @param int|null   $next      The daily event's next run, if scheduled.
	 * @param float|null $newest    When the newest automatic production backup began.
	 * @return list<array{code: string, message: string, fix: string}>
	 */
	public function warnings( bool $automatic, ?int $next, ?float $newest ): array {
		$fix      = self::fix();
		$warnings = array();
		if ( defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON && self::scheduled_tasks_late() ) {
			$warnings[] = array(
				'code'    => 'cron_disabled',
				'message' => __( 'WP-Cron is disabled on this site (DISABLE_WP_CRON) and its scheduled tasks are not being run: automatic backups only happen when the server\'s own cron runs them.', 'site-backups' ),
				'fix'     => $fix,
			);
		}
		if ( self::loopback_failing() ) {
			$warnings[] = array(
				'code'    => 'loopback_failing',
				'message' => __( 'This site cannot reach itself over HTTP (its loopback requests time out or are refused). Backups and restores still run, but only a step at a time while people visit the site or the server\'s cron runs WordPress\'s scheduled tasks, so they take much longer.', 'site-backups' ),
				'fix'     => __( 'Ask your host to allow the site to request its own address, or run WordPress\'s scheduled tasks from the system cron every minute:', 'site-backups' ) . ' ' . self::cron_line(),
			);
		}
		if ( ! $automatic ) {
			return $warnings;
		}
		$now   = time();
		$stale = $now - self::STALE_HOURS * HOUR_IN_SECONDS;
		if ( null !== $next && $next < $now - HOUR_IN_SECONDS ) {
			$warnings[] = array(
				'code'    => 'schedule_overdue',
				'message' => sprintf(
					/* translators: %s: when the daily backup should have run (UTC). */
					__( 'The daily backup was due at %s (UTC) and has not started: WordPress\'s scheduled tasks are not running.', 'site-backups' ),
					gmdate( 'Y-m-d H:i', $next )
				),
				'fix'     => $fix,
			);
		}
		if ( null !== $newest ) {
			if ( $newest < $stale ) {
				$warnings[] = array(
					'code'    => 'last_backup_stale',
					'message' => sprintf(
						/* translators: %d: hours. */
						__( 'The newest automatic backup of this site is more than %d hours old: automatic backups are not running.', 'site-backups' ),
						self::STALE_HOURS
					),
					'fix'     => $fix,
				);
			}
			return $warnings;
		}
		if ( null !== $next ) {
			$since = (int) get_option( self::SCHEDULE_SINCE_OPTION, 0 );
			if ( $since <= 0 ) {
				update_option( self::SCHEDULE_SINCE_OPTION, $now, false );
			} elseif ( $since < $stale ) {
				$warnings[] = array(
					'code'    => 'last_backup_stale',
					'message' => sprintf(
						/* translators: %d: hours. */
						__( 'Automatic backups have been scheduled for more than %d hours and none has been made yet.', 'site-backups' ),
						self::STALE_HOURS
					),
					'fix'     => $fix,
				);
			}
		}
		return $warnings;
	}

	/**
	 * Whether WordPress's scheduled tasks are more than a quarter of an hour late: nothing runs them.
	 */
	private static function scheduled_tasks_late(): bool {
		$crons = _get_cron_array();
		$first = $crons ? min( array_keys( $crons ) ) : null;
		return null !== $first && (int) $first < time() - 15 * MINUTE_IN_SECONDS;
	}

	/**
	 * Records that a loopback request was sent; the time kept is that of the oldest one not yet
	 * answered, so requests sent one after another cannot keep a blocked loopback looking fresh.
	 */
	public static function loopback_sent(): void {
		$sent = (int) get_option( self::LOOPBACK_SENT_OPTION, 0 );
		$seen = (int) get_option( self::LOOPBACK_SEEN_OPTION, 0 );
		if ( $sent <= $seen ) {
			update_option( self::LOOPBACK_SENT_OPTION, time(), false );
		}
	}

	/**
	 * Records that a loopback request arrived.
	 */
	public static function loopback_seen(): void {
		update_option( self::LOOPBACK_SEEN_OPTION, time(), false );
	}

	/**
	 * Whether a loopback request sent more than LOOPBACK_GRACE seconds ago has not arrived.
	 */
	public static function loopback_failing(): bool {
		$sent = (int) get_option( self::LOOPBACK_SENT_OPTION, 0 );
		$seen = (int) get_option( self::LOOPBACK_SEEN_OPTION, 0 );
		return $sent > 0 && $seen < $sent && time() - $sent > self::LOOPBACK_GRACE;
	}

	/**
	 * The system cron line that runs WordPress's scheduled tasks.
	 */
	public static function cron_line(): string {
		return sprintf( '*/5 * * * * wp cron event run --due-now --path=%s', untrailingslashit( ABSPATH ) );
	}

	/**
	 * The fix for a schedule that does not run.
	 */
	public static function fix(): string {
		/* translators: %s: a crontab line. */
		return sprintf( __( 'Ask your host to run WordPress\'s scheduled tasks from the system cron every 5 minutes, with this line: %s', 'site-backups' ), self::cron_line() );
	}
}
