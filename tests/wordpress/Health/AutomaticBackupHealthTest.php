<?php
/**
 * A failed night never goes unseen: Site Health's automatic backups test turns critical and
 * administrators (only they) read a notice on the Dashboard and the Backups screen, from the
 * moment an automatic backup fails until a later automatic backup succeeds; a backup made by
 * hand meanwhile does not clear it. Before the first automatic backup the test says when it runs.
 * Real jobs through the site's own runner, on a store of the test's own.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Health;

use DateTimeImmutable;
use DateTimeZone;
use SiteBackups\Admin\AdminPage;
use SiteBackups\Backup\Exclusions;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Health\BackupHealth;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\LoopbackRecord;
use SiteBackups\Notifications\FailedBackupNotice;
use SiteBackups\Plugin;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Status\LastAutomaticBackup;
use SiteBackups\Status\SiteTime;
use SiteBackups\Tests\WordPress\Status\JobsHere;
use SiteBackups\Tests\WordPress\TestCase;

final class AutomaticBackupHealthTest extends TestCase {

	use JobsHere;

	private mixed $store = null;

	private string $own = '';

	private string $blocker = '';

	private int $next = 0;

	protected function setUp(): void {
		parent::setUp();
		$this->run_jobs_here();
		remove_all_filters( 'site_backups_offsite_settings' );
		// The privilege probe's answer for this site's own user: nothing missing.
		set_transient( 'site_backups_privilege_probe', array(), 600 );
		$this->store = get_option( StoreDirectory::OPTION );
		$this->own   = sys_get_temp_dir() . '/sb-automatic-health-' . wp_generate_password( 8, false, false );
		self::use_store( $this->own );
		// Backups without WordPress's own code, the bulk of a copy that adds nothing here.
		Exclusions::save( array( 'wp-includes', 'wp-admin' ) );
		// The site's earlier jobs, outcomes and warnings, as this test's transaction sees them: none.
		foreach ( array( 'site_backups_jobs', LastAutomaticBackup::OPTION, FailedBackupNotice::DISMISSED_OPTION, LoopbackRecord::SENT_OPTION, LoopbackRecord::SEEN_OPTION, BackupHealth::SCHEDULE_SINCE_OPTION ) as $option ) {
			delete_option( $option );
		}
		$this->next = time() + 6 * HOUR_IN_SECONDS;
		wp_clear_scheduled_hook( DailySchedule::HOOK );
		wp_schedule_event( $this->next, 'daily', DailySchedule::HOOK );
	}

	protected function tearDown(): void {
		$this->stop_running_jobs_here();
		unset( $GLOBALS['current_screen'] );
		self::use_store( $this->store );
		Durable::removeTree( $this->own );
		if ( '' !== $this->blocker ) {
			@unlink( $this->blocker );
		}
		parent::tearDown();
	}

	public function test_before_any_automatic_backup_it_says_when_the_first_runs_in_the_sites_time(): void {
		update_option( 'timezone_string', 'Asia/Kolkata' );
		update_option( 'date_format', 'd/m/Y' );
		update_option( 'time_format', 'H:i' );
		$first = ( new DateTimeImmutable( '@' . $this->next ) )->setTimezone( new DateTimeZone( 'Asia/Kolkata' ) )->format( 'd/m/Y H:i' );

		$result = $this->health()->site_health_result();

		$this->assertSame( 'recommended', $result['status'], (string) wp_json_encode( $result ) );
		$this->assertSame( 'No automatic backup yet; the first runs at ' . $first, $result['label'] );
		$this->assertSame( 'site_backups', $result['test'] );
		$this->assertStringContainsString( 'passes once an automatic backup succeeds', $result['description'] );
	}

	public function test_a_failed_automatic_backup_is_critical_and_shown_to_admins_until_an_automatic_one_succeeds(): void {
		$admin  = $this->create_user( 'administrator' );
		$editor = $this->create_user( 'editor' );

		// Tonight's backup cannot even start: the store cannot be created (its parent is a file).
		$this->blocker = sys_get_temp_dir() . '/sb-automatic-health-not-a-folder-' . wp_generate_password( 8, false, false );
		file_put_contents( $this->blocker, 'a file' );
		self::use_store( $this->blocker . '/store' );
		$this->plugin()->daily_schedule()->run();
		$failed = ( new JobRepository() )->recent()[0] ?? null;
		$this->assertNotNull( $failed );
		$this->assertSame( Job::FAILED, $failed->status() );
		$this->assertSame( 'scheduled', $failed->param( 'trigger' ) );
		$reason = (string) $failed->to_array()['message'];
		$when   = SiteTime::format( (int) $failed->to_array()['finished'] );

		$result = $this->health()->site_health_result();
		$this->assertSame( 'critical', $result['status'] );
		$this->assertSame( 'The last automatic backup failed', $result['label'] );
		$this->assertStringContainsString( esc_html( 'The automatic backup of ' . $when . ' failed: ' . $reason ), $result['description'] );
		$this->assertStringContainsString( 'This stays a problem until an automatic backup succeeds.', $result['description'] );
		$this->assertStringContainsString( esc_html( 'The next automatic backup runs at ' . SiteTime::format( $this->next ) ), $result['description'] );

		$dashboard = $this->notices( $admin, 'dashboard' );
		$this->assertStringContainsString( esc_html( 'Site Backups: the automatic backup of ' . $when . ' failed: ' . $reason ), $dashboard );
		$this->assertStringContainsString( 'href="' . esc_url( AdminPage::url() ) . '"', $dashboard );
		$this->assertSame( '', $this->notices( $admin, 'tools_page_' . AdminPage::SLUG ), 'not on the Backups screen, whose status block says it' );
		$this->assertStringNotContainsString( 'Site Backups: the automatic backup of', $this->notices( $editor, 'dashboard' ), 'an editor sees no notice' );
		$this->assertStringNotContainsString( 'Site Backups: the automatic backup of', $this->notices( $admin, 'plugins' ), 'only the Dashboard' );

		// The host frees a place for the store; an administrator backs up by hand, which works.
		self::use_store( $this->own );
		$runner = $this->plugin()->job_runner();
		$runner->start( Job::create( 'backup', array( 'environment' => 'production', 'trigger' => 'manual' ), $admin ) );
		$manual = $this->run_active_job( $runner );
		$this->assertSame( Job::DONE, $manual->status(), (string) wp_json_encode( $manual->to_array()['log'] ) );

		$result = $this->health()->site_health_result();
		$this->assertSame( 'critical', $result['status'], 'a backup made by hand does not show that the automatic one works' );
		$this->assertSame( 'The last automatic backup failed', $result['label'] );
		$this->assertStringContainsString( 'A backup made since, at ', $result['description'] );
		$this->assertStringContainsString( 'Site Backups: the automatic backup of', $this->notices( $admin, 'dashboard' ) );

		// The next night's automatic backup succeeds.
		$this->plugin()->daily_schedule()->run();
		$automatic = $this->run_active_job( $this->plugin()->job_runner() );
		$this->assertSame( Job::DONE, $automatic->status(), (string) wp_json_encode( $automatic->to_array()['log'] ) );
		$this->assertSame( 'scheduled', $automatic->param( 'trigger' ) );
		// The test ran the slices itself: no loopback request was lost.
		LoopbackRecord::arrived();

		$result = $this->health()->site_health_result();
		$this->assertSame( 'good', $result['status'], (string) wp_json_encode( $result ) );
		$this->assertSame( 'Automatic backups are running', $result['label'] );
		$this->assertStringNotContainsString( 'Site Backups: the automatic backup of', $this->notices( $admin, 'dashboard' ) );
		$last = $this->plugin()->health()->status()->last_automatic();
		$this->assertSame( $automatic->id(), $last?->job_id );
		$this->assertFalse( $last->failed() );
	}

	public function test_an_administrator_may_dismiss_one_failure_and_sees_the_next(): void {
		$admin = $this->create_user( 'administrator' );
		$other = $this->create_user( 'administrator' );
		$this->blocker = sys_get_temp_dir() . '/sb-automatic-health-not-a-folder-' . wp_generate_password( 8, false, false );
		file_put_contents( $this->blocker, 'a file' );
		self::use_store( $this->blocker . '/store' );
		$this->plugin()->daily_schedule()->run();
		$failed = $this->plugin()->health()->status()->failed_automatic();
		$this->assertNotNull( $failed );
		$dashboard = $this->notices( $admin, 'dashboard' );
		$this->assertStringContainsString( 'action=' . FailedBackupNotice::DISMISS_ACTION, $dashboard );
		$this->assertStringContainsString( 'failure=' . $failed->job_id, $dashboard );
		$this->assertStringNotContainsString( 'Site Backups: the automatic backup of', $this->notices( $admin, 'tools_page_' . AdminPage::SLUG ), 'the Backups screen\'s status block says it: no notice there' );

		( new FailedBackupNotice( $this->plugin()->health()->status() ) )->dismiss( $admin, FailedBackupNotice::key( $failed ) );

		$this->assertStringNotContainsString( 'Site Backups: the automatic backup of', $this->notices( $admin, 'dashboard' ) );
		$this->assertStringContainsString( 'Site Backups: the automatic backup of', $this->notices( $other, 'dashboard' ), 'for that administrator only' );
		$this->assertSame( 'critical', $this->health()->site_health_result()['status'], 'Site Health still says it' );

		// The next night fails too: that is a new failure.
		$this->plugin()->daily_schedule()->run();
		$this->assertNotSame( $failed->job_id, $this->plugin()->health()->status()->failed_automatic()?->job_id );
		$this->assertStringContainsString( 'Site Backups: the automatic backup of', $this->notices( $admin, 'dashboard' ) );
	}

	private function plugin(): Plugin {
		$plugin = Plugin::instance();
		$this->assertNotNull( $plugin );
		return $plugin;
	}

	/** The site's own health checks, on the store the test set. */
	private function health(): BackupHealth {
		return $this->plugin()->health();
	}

	/** What the site's admin_notices print on a screen for a user. */
	private function notices( int $user, string $screen ): string {
		wp_set_current_user( $user );
		set_current_screen( $screen );
		ob_start();
		do_action( 'admin_notices' );
		return (string) ob_get_clean();
	}
}
