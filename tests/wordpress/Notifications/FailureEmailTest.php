<?php
/**
 * A failed automatic backup is emailed to the admin; nothing else is.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Notifications;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Jobs\Job;
use SiteBackups\Notifications\FailureEmail;
use SiteBackups\Tests\WordPress\Status\JobsHere;
use SiteBackups\Tests\WordPress\TestCase;

final class FailureEmailTest extends TestCase {

	use JobsHere;

	/** @var list<array<string, mixed>> */
	private array $sent = array();

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'pre_wp_mail', array( $this, 'capture' ), 10, 2 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_wp_mail', array( $this, 'capture' ) );
		remove_all_filters( 'site_backups_failure_email' );
		remove_all_filters( 'site_backups_offsite_settings' );
		parent::tearDown();
	}

	public function capture( $short_circuit, array $atts ): bool {
		$this->sent[] = $atts;
		return true;
	}

	public function test_a_failed_scheduled_backup_emails_the_admin_with_the_reason(): void {
		( new FailureEmail() )->on_job_finished( $this->failed( 'scheduled' ) );

		$this->assertCount( 1, $this->sent );
		$this->assertSame( get_option( 'admin_email' ), $this->sent[0]['to'] );
		$this->assertStringContainsString( 'The automatic backup failed', $this->sent[0]['subject'] );
		$this->assertStringContainsString( 'The disk is full.', $this->sent[0]['message'] );
		$this->assertStringContainsString( 'tools.php?page=site-backups', $this->sent[0]['message'] );
	}

	public function test_the_chosen_address_gets_it(): void {
		update_option( FailureEmail::RECIPIENT_OPTION, 'ops@example.test' );
		( new FailureEmail() )->on_job_finished( $this->failed( 'scheduled' ) );
		$this->assertSame( 'ops@example.test', $this->sent[0]['to'] ?? null );
	}

	public function test_nothing_is_sent_for_manual_or_successful_backups_or_when_switched_off(): void {
		$email = new FailureEmail();
		$email->on_job_finished( $this->failed( 'manual' ) );
		$email->on_job_finished( Job::create( 'backup', array( 'trigger' => 'scheduled' ), 0 )->succeeded( array() ) );
		update_option( FailureEmail::ENABLED_OPTION, '0' );
		$email->on_job_finished( $this->failed( 'scheduled' ) );
		$this->assertSame( array(), $this->sent );
	}

	public function test_a_failed_retry_of_offsite_copies_is_not_called_a_failed_backup(): void {
		( new FailureEmail() )->on_job_finished( Job::create( 'offsite', array( 'trigger' => 'scheduled' ), 0 )->failed( 'The bucket is gone.' ) );
		$this->assertSame( array(), $this->sent );
	}

	public function test_a_filter_can_change_or_stop_the_email(): void {
		add_filter( 'site_backups_failure_email', '__return_false' );
		( new FailureEmail() )->on_job_finished( $this->failed( 'scheduled' ) );
		$this->assertSame( array(), $this->sent );
	}

	public function test_a_failure_that_quotes_secrets_is_emailed_without_them(): void {
		$offsite = array(
			'access_key'     => 'AKIA-email-test-access',
			'secret'         => 'email-test-bucket-secret',
			'encryption_key' => base64_encode( random_bytes( 32 ) ),
		);
		add_filter( 'site_backups_offsite_settings', static fn () => $offsite );
		$store = ( new StoreDirectory() )->path();
		$error = sprintf( 'Could not write %s/objects/ab as sitebackups with %s (%s, key %s), database password %s', $store, $offsite['secret'], $offsite['access_key'], $offsite['encryption_key'], DB_PASSWORD );
		$this->run_jobs_here();
		$this->failed_job( 'production', 'scheduled', $error );
		$this->stop_running_jobs_here();

		$this->assertCount( 1, $this->sent, 'the failed job sent its email through site_backups_job_finished' );
		$message = (string) $this->sent[0]['message'];
		$this->assertStringContainsString( 'Could not write [backup store]/objects/ab', $message );
		foreach ( array( $store, $offsite['secret'], $offsite['access_key'], $offsite['encryption_key'], DB_PASSWORD ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $message );
		}
		$this->assertStringContainsString( '********', $message );
	}

	private function failed( string $trigger ): Job {
		return Job::create( 'backup', array( 'trigger' => $trigger, 'environment' => 'production' ), 0 )->failed( 'The disk is full.' );
	}
}
