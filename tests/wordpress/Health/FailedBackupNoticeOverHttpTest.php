<?php
/**
 * The notice of a failed automatic backup, as a browser gets it from the real site: on the
 * Dashboard of an administrator, never an editor's, never on the Backups screen (its status block
 * says it), and gone for that administrator once they follow its Dismiss link. The failure is a real job the runner records
 * as failed, which the site then reads in its own requests.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Health;

use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Notifications\FailedBackupNotice;
use SiteBackups\Status\LastAutomaticBackup;
use SiteBackups\Tests\WordPress\HttpSession;
use SiteBackups\Tests\WordPress\Status\JobsHere;
use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class FailedBackupNoticeOverHttpTest extends TestCase {

	use JobsHere;

	private const NOTICE = 'Site Backups: the automatic backup of';

	private mixed $recorded = null;

	private mixed $dismissed = null;

	private string $job = '';

	private int $editor = 0;

	/** @var list<HttpSession> */
	private array $sessions = array();

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		// The site's own requests must see what this test writes.
		$wpdb->query( 'ROLLBACK' );
		$wpdb->query( 'SET autocommit = 1' );
		$this->recorded  = get_option( LastAutomaticBackup::OPTION, null );
		$this->dismissed = get_option( FailedBackupNotice::DISMISSED_OPTION, null );
		$this->assertNull( ( new ActiveJobSlot() )->current(), 'a job is running on the test site' );
		add_filter( 'pre_http_request', array( $this, 'no_loopback' ), 10, 3 );
		add_filter( 'pre_wp_mail', '__return_true' );
	}

	protected function tearDown(): void {
		foreach ( $this->sessions as $session ) {
			$session->close();
		}
		null === $this->recorded ? delete_option( LastAutomaticBackup::OPTION ) : update_option( LastAutomaticBackup::OPTION, $this->recorded, false );
		null === $this->dismissed ? delete_option( FailedBackupNotice::DISMISSED_OPTION ) : update_option( FailedBackupNotice::DISMISSED_OPTION, $this->dismissed, false );
		if ( '' !== $this->job ) {
			( new JobRepository() )->delete( $this->job );
		}
		if ( $this->editor > 0 ) {
			wp_delete_user( $this->editor );
		}
		$this->stop_running_jobs_here();
		remove_filter( 'pre_wp_mail', '__return_true' );
		parent::tearDown();
	}

	public function test_administrators_read_it_on_the_dashboard_not_twice_on_the_backups_screen_editors_never_and_a_dismissal_holds(): void {
		$this->fail_an_automatic_backup( 'The disk is full.' );

		$admin = $this->session( 'admin', 'password' );
		$page  = $admin->http( 'GET', '/wp-admin/index.php' );
		$this->assertSame( 200, $page['status'] );
		$this->assertStringContainsString( self::NOTICE, $page['body'] );
		$this->assertStringContainsString( 'failed: The backup stopped: The disk is full.', $page['body'] );
		$this->assertStringContainsString( 'tools.php?page=site-backups', $page['body'] );
		$screen = $admin->http( 'GET', '/wp-admin/tools.php', array( 'page' => 'site-backups' ) );
		$this->assertSame( 200, $screen['status'] );
		$this->assertStringContainsString( 'id="site-backups-root"', $screen['body'], 'the Backups screen itself loads' );
		$this->assertStringNotContainsString( self::NOTICE, $screen['body'], 'the Backups screen\'s status block says it: no notice says it twice' );
		$this->assertStringNotContainsString( 'site-backups-failure-notice', $screen['body'] );
		$this->assertStringNotContainsString( self::NOTICE, $admin->http( 'GET', '/wp-admin/edit.php' )['body'], 'other screens do not' );

		$login        = 'sb-notice-editor-' . strtolower( wp_generate_password( 6, false, false ) );
		$password     = wp_generate_password( 20, false, false );
		$this->editor = (int) wp_insert_user(
			array(
				'user_login' => $login,
				'user_pass'  => $password,
				'role'       => 'editor',
			)
		);
		$editor       = $this->session( $login, $password );
		$dashboard    = $editor->http( 'GET', '/wp-admin/index.php' );
		$this->assertSame( 200, $dashboard['status'] );
		$this->assertStringContainsString( 'Dashboard', $dashboard['body'] );
		$this->assertStringNotContainsString( self::NOTICE, $dashboard['body'] );

		$this->assertSame( 1, preg_match( '/href="([^"]*action=' . FailedBackupNotice::DISMISS_ACTION . '[^"]*)"/', $page['body'], $link ) );
		$url = wp_parse_url( html_entity_decode( $link[1] ) );
		parse_str( (string) ( $url['query'] ?? '' ), $query );
		$this->assertSame( 302, $admin->http( 'GET', (string) ( $url['path'] ?? '' ), $query )['status'] );
		$this->assertStringNotContainsString( self::NOTICE, $admin->http( 'GET', '/wp-admin/index.php' )['body'] );

		$forged = $query;
		unset( $forged['_wpnonce'] );
		$this->assertNotSame( 302, $editor->http( 'GET', (string) ( $url['path'] ?? '' ), $query )['status'], 'an editor cannot dismiss it' );
		$this->assertNotSame( 302, $admin->http( 'GET', (string) ( $url['path'] ?? '' ), $forged )['status'], 'nor anyone without the nonce' );
	}

	/** A scheduled backup job that fails in its first step, run through the runner here. */
	private function fail_an_automatic_backup( string $reason ): void {
		$this->job = $this->failed_job( 'production', 'scheduled', $reason )->id();
		$this->assertSame( $this->job, ( new LastAutomaticBackup() )->get()?->job_id, 'the site wrote it down as it ended' );
	}

	private function session( string $user, string $password ): HttpSession {
		$session          = new HttpSession( WordPressSite::url( 'production' ) );
		$this->sessions[] = $session;
		$this->assertSame( 302, $session->login( $user, $password ) );
		return $session;
	}
}
