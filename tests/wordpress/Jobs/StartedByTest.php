<?php
/**
 * A job's log begins by saying who started it and through which door, in plain words: the Backups
 * screen (a browser's login cookie with the REST nonce, over real HTTP), any other REST caller (an
 * application password), and the daily schedule. WP-CLI's door and a restore's safety backup are
 * seen through a real restore in Restore/RestoreCountsTest.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\StartedBy;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\Rest\RestTestCase;
use SiteBackups\Tests\WordPress\Support\ApplicationPasswordLogin;
use SiteBackups\Tests\WordPress\WordPressSite;

final class StartedByTest extends RestTestCase {

	use ApplicationPasswordLogin;

	private ?HttpSession $session = null;

	private string $http_job = '';

	protected function tearDown(): void {
		$this->stop_application_passwords();
		if ( '' !== $this->http_job ) {
			// The site's own requests ran it: make sure it is over, and forget it (and its backup, if it got that far).
			$ended  = $this->wait_for_end( $this->http_job );
			$backup = (string) ( $ended?->to_array()['result']['backup'] ?? '' );
			if ( '' !== $backup ) {
				WordPressSite::wp( 'production', array( 'site-backups', 'delete', $backup, '--yes', '--user=admin' ) );
			}
			( new JobRepository() )->delete( $this->http_job );
		}
		$this->session?->close();
		parent::tearDown();
	}

	public function test_the_backups_screen_is_a_browser_with_its_login_cookie_and_the_rest_nonce(): void {
		global $wpdb;
		// The site's own requests must see what this test writes, and run the job.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		wp_cache_flush();
		$this->assertNull( ( new ActiveJobSlot() )->current(), 'a job is running on the test site' );
		$this->session = new HttpSession( WordPressSite::url( 'production' ) );
		$this->assertSame( 302, $this->session->login( 'admin', 'password' ) );

		// A login cookie without the nonce is no one, as WordPress decides.
		$bare = $this->session->http( 'POST', '/wp-json/site-backups/v1/backups', array(), (string) wp_json_encode( array( 'environment' => 'staging' ) ), array( 'Content-Type: application/json' ) );
		$this->assertSame( 401, $bare['status'], $bare['body'] );

		$started = $this->session->api( 'POST', '/backups', $this->session->nonce(), array( 'environment' => 'staging' ) );
		$this->assertSame( 202, $started['status'], $started['raw'] );
		$this->http_job = (string) $started['body']['id'];
		$this->assertSame( 'Started by ' . $this->display_name( 'admin' ) . ' from the Backups screen.', $started['body']['log'][0]['message'] ?? null, $started['raw'] );
		$this->session->api( 'POST', '/jobs/' . $this->http_job . '/cancel', $this->session->nonce() );
	}

	public function test_an_application_password_is_the_rest_api(): void {
		$this->allow_application_passwords();
		$admin = get_userdata( $this->admin() );
		$this->assertNotFalse( $admin );
		wp_update_user(
			array(
				'ID'           => $admin->ID,
				'display_name' => 'Ada Backup',
			)
		);
		$this->assertSame( $admin->ID, $this->authenticate_as( $admin->user_login, $this->new_application_password( $admin->ID ) ) );

		$started = $this->dispatch( 'POST', '/backups', array( 'environment' => 'staging' ) );
		$this->assertSame( 202, $started->get_status(), (string) wp_json_encode( $this->body( $started ) ) );
		$job = $this->body( $started );
		$this->assertSame( 'Started by Ada Backup through the REST API.', $job['log'][0]['message'] );
		$this->assertSame( StartedBy::REST, ( new JobRepository() )->find( $job['id'] )?->param( StartedBy::PARAM ) );
		$this->end_here( $job['id'] );
	}

	public function test_the_daily_schedule_starts_its_backup_as_itself(): void {
		$store = get_option( StoreDirectory::OPTION );
		$own   = sys_get_temp_dir() . '/sb-started-by-' . wp_generate_password( 8, false, false );
		self::use_store( $own );
		// The privilege probe's answer for this site's own user: nothing missing.
		set_transient( 'site_backups_privilege_probe', array(), 600 );
		try {
			$this->plugin()->daily_schedule()->run();
			$job = $this->plugin()->job_runner()->active();
			$this->assertNotNull( $job, 'the schedule started a backup' );
			$this->assertSame( 'scheduled', $job->param( 'trigger' ) );
			$this->assertSame( 'Started by the daily schedule.', $job->to_array()['log'][0]['message'] );
			$this->end_here( $job->id() );
		} finally {
			self::use_store( $store );
			Durable::removeTree( $own );
		}
	}

	public function test_a_job_without_a_door_says_who_or_that_it_started_on_its_own(): void {
		$admin = $this->admin();
		wp_update_user(
			array(
				'ID'           => $admin,
				'display_name' => 'Grace',
			)
		);
		$this->assertSame( 'Started by Grace.', StartedBy::sentence( Job::create( 'backup', array(), $admin ) ) );
		$this->assertSame( 'Started automatically.', StartedBy::sentence( Job::create( 'offsite', array( 'trigger' => 'scheduled' ), 0 ) ) );
		$this->assertSame( 'Started by user 987654 with WP-CLI.', ( new StartedBy( 987654, StartedBy::CLI ) )->in_words(), 'a user since deleted' );
		$this->assertSame( 'Started by a restore, to keep the site as it was before it.', ( new StartedBy( $admin, StartedBy::RESTORE ) )->in_words() );
	}

	/** Cancels a job this process runs, and runs it to its end (nothing is backed up). */
	private function end_here( string $id ): void {
		$runner = $this->plugin()->job_runner();
		$runner->cancel( $id );
		$slices = 0;
		do {
			$job = $runner->run_slice( 2.0 );
			++$slices;
		} while ( $job && ! $job->is_finished() && $slices < 50 );
		$this->assertSame( Job::CANCELLED, ( new JobRepository() )->find( $id )?->status() );
	}

	/** Waits for a job the site runs to end; the job as it ended. */
	private function wait_for_end( string $id ): ?Job {
		$deadline = time() + 120;
		do {
			wp_cache_flush();
			$job = ( new JobRepository() )->find( $id );
			if ( null === $job || $job->is_finished() ) {
				return $job;
			}
			usleep( 200000 );
		} while ( time() < $deadline );
		$this->fail( 'The job the screen started never ended.' );
	}

	private function display_name( string $login ): string {
		$user = get_user_by( 'login', $login );
		$this->assertNotFalse( $user );
		return $user->display_name;
	}
}
