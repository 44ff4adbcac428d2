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
use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Jobs\LoopbackRecord;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\SavedOffsiteSettings;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Status\BackupOutcome;
use SiteBackups\Status\LastAutomaticBackup;
use SiteBackups\Status\SiteStatus;
use SiteBackups\Status\SiteTime;

/**
 * The peers' most common failure is a schedule that silently stops (WP-Cron
 * not firing, loopback requests blocked). Each warning says what is wrong
 * and the system cron line that fixes it.
 *
 * Site Health's "Automatic backups" test is critical from the moment an
 * automatic backup fails until a later automatic backup succeeds. A backup
 * made by hand meanwhile does not clear it: it gives the site a recovery
 * point (the description says so), but only an automatic backup that
 * succeeds shows that the nightly one works again, and a failed night
 * usually fails again the next night for the same reason (a full disk, a
 * host limit) unless someone acts. Before the first automatic backup the test
 * is not good either: it says when the first one runs.
 */
final class BackupHealth {

	public const STALE_HOURS           = 26;
	public const SCHEDULE_SINCE_OPTION = 'site_backups_schedule_since';

	/** Where the runner keeps when its loopback requests were sent and last arrived (Jobs\LoopbackRecord). */
	public const LOOPBACK_SENT_OPTION = LoopbackRecord::SENT_OPTION;
	public const LOOPBACK_SEEN_OPTION = LoopbackRecord::SEEN_OPTION;

	/**
	 * Where the site stands: the last automatic backup, the off-site copies.
	 *
	 * @var SiteStatus
	 */
	private readonly SiteStatus $status;

	/**
	 * Sets up the checks.
	 *
	 * @param BackupService   $backups  The engine and environments.
	 * @param DailySchedule   $schedule The daily production schedule.
	 * @param SiteStatus|null $status   Where the site stands (by default from the same engine and schedule).
	 */
	public function __construct( private readonly BackupService $backups, private readonly DailySchedule $schedule, ?SiteStatus $status = null ) {
		$this->status = $status ?? new SiteStatus( $backups, $schedule, self::offsite_settings() );
	}

	/**
	 * Adds the checks to Tools → Site Health, and the plugin's section to its Info tab.
	 */
	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_site_health_test' ) );
		add_filter( 'debug_information', array( $this, 'add_debug_information' ) );
	}

	/**
	 * Where the site stands, as these checks see it.
	 */
	public function status(): SiteStatus {
		return $this->status;
	}

	/**
	 * Adds the "Site Backups" section to Site Health's Info tab.
	 *
	 * @param array<string, mixed> $info Site Health's sections.
	 * @return array<string, mixed>
	 */
	public function add_debug_information( $info ) {
		$info                            = is_array( $info ) ? $info : array();
		$info[ SiteHealthInfo::SECTION ] = ( new SiteHealthInfo( $this->status, $this->backups, self::offsite_settings(), new StoreDirectory() ) )->section();
		return $info;
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
		$tests['direct'][ OffsiteCopiesHealth::TEST ] = array(
			'label' => __( 'Off-site copies work', 'site-backups' ),
			'test'  => array( new OffsiteCopiesHealth( $this->status ), 'site_health_result' ),
		);
		$tests['direct'][ PlainOffsiteHealth::TEST ]  = array(
			'label' => __( 'Off-site copies are encrypted', 'site-backups' ),
			'test'  => array( new PlainOffsiteHealth( self::offsite_settings() ), 'site_health_result' ),
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
	 * The Site Health result: critical while the last automatic backup failed or the schedule does
	 * not run, recommended before the first automatic backup, else good.
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
		$warned   = '';
		foreach ( $warnings as $warning ) {
			$warned .= '<p><strong>' . esc_html( $warning['message'] ) . '</strong></p><p>' . esc_html( $warning['fix'] ) . '</p>';
		}
		$failed = $this->status->failed_automatic();
		if ( null !== $failed ) {
			$result['label']          = __( 'The last automatic backup failed', 'site-backups' );
			$result['status']         = 'critical';
			$result['badge']['color'] = 'red';
			$result['description']    = $this->failure_description( $failed ) . $warned;
			return $result;
		}
		if ( $warnings ) {
			$result['label']          = __( 'Automatic backups may not be running', 'site-backups' );
			$result['status']         = 'critical';
			$result['badge']['color'] = 'red';
			$result['description']    = $warned;
			return $result;
		}
		if ( $this->status->is_automatic() && null === $this->status->last_automatic() ) {
			$next            = $this->status->next_automatic();
			$result['label'] = null === $next
				? __( 'No automatic backup yet', 'site-backups' )
				/* translators: %s: date and time of the first automatic backup, in the site's time zone and format. */
				: sprintf( __( 'No automatic backup yet; the first runs at %s', 'site-backups' ), SiteTime::format( $next ) );
			$result['status']         = 'recommended';
			$result['badge']['color'] = 'orange';
			$result['description']    = '<p>' . esc_html__( 'The live site is backed up automatically every day, and the first automatic backup has not run yet. Until it has, the site has only the backups made by hand; this check passes once an automatic backup succeeds.', 'site-backups' ) . '</p>';
		}
		return $result;
	}

	/**
	 * What failed, when and why, what is safe, and what clears the check.
	 *
	 * @param BackupOutcome $failed The failed automatic backup.
	 */
	private function failure_description( BackupOutcome $failed ): string {
		$text = '<p><strong>' . esc_html(
			sprintf(
				/* translators: 1: date and time the backup failed, 2: why it failed. */
				__( 'The automatic backup of %1$s failed: %2$s', 'site-backups' ),
				SiteTime::format( $failed->time() ),
				'' === (string) $failed->error ? __( 'no reason was recorded.', 'site-backups' ) : (string) $failed->error
			)
		) . '</strong></p>';
		$last = $this->status->environments()['production']->last_backup;
		// Made since: ended after the failure did (both may fall in the same second).
		if ( null !== $last && ! $last->failed() && $last->time() >= $failed->time() ) {
			$text .= '<p>' . esc_html(
				sprintf(
					/* translators: %s: date and time of the newer backup. */
					__( 'A backup made since, at %s, succeeded, so the site has a recent recovery point. This stays a problem until an automatic backup succeeds: only that shows the daily backup works again.', 'site-backups' ),
					SiteTime::format( $last->time() )
				)
			) . '</p>';
		} else {
			$text .= '<p>' . esc_html__( 'The backups made before it are safe. Start a backup from the Backups screen now, and ask your host for help if it fails too. This stays a problem until an automatic backup succeeds.', 'site-backups' ) . '</p>';
		}
		$next = $this->status->next_automatic();
		if ( null !== $next ) {
			$text .= '<p>' . esc_html(
				sprintf(
					/* translators: %s: date and time, in the site's time zone and format. */
					__( 'The next automatic backup runs at %s.', 'site-backups' ),
					SiteTime::format( $next )
				)
			) . '</p>';
		}
		return $text;
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
	 * When the newest automatic backup of production that succeeded began; null when none is known.
	 */
	public function newest_automatic_backup_time(): ?float {
		$newest = null;
		try {
			$summaries = $this->backups->engine()->list();
		} catch ( \Throwable $unreadable ) {
			// A store that cannot be read is reported on its own (Preflight, the screen's errors).
			$summaries = array();
		}
		foreach ( $summaries as $summary ) {
			$meta = $summary['meta'];
			if ( 'production' === ( $meta['environment'] ?? null ) && 'scheduled' === ( $meta['trigger'] ?? null ) ) {
				$newest = (float) ( $meta['started_at'] ?? 0 );
				break;
			}
		}
		// Retention may have removed it from the store; its outcome was written down when it ended.
		$recorded = ( new LastAutomaticBackup() )->get();
		if ( null !== $recorded && ! $recorded->failed() && ( null === $newest || $recorded->started_at > $newest ) ) {
			$newest = (float) $recorded->started_at;
		}
		return $newest;
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
		if ( LoopbackRecord::failing() ) {
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
	 * The system cron line that runs WordPress's scheduled tasks.
	 */
	public static function cron_line(): string {
		return sprintf( '*/5 * * * * wp cron event run --due-now --path=%s', untrailingslashit( ABSPATH ) );
	}

	/**
	 * The off-site settings in force: the host's, else what an administrator saved.
	 */
	private static function offsite_settings(): OffsiteSettings {
		return new OffsiteSettings( new SavedOffsiteSettings( new StoreDirectory() ) );
	}

	/**
	 * The fix for a schedule that does not run.
	 */
	public static function fix(): string {
		/* translators: %s: a crontab line. */
		return sprintf( __( 'Ask your host to run WordPress\'s scheduled tasks from the system cron every 5 minutes, with this line: %s', 'site-backups' ), self::cron_line() );
	}
}
