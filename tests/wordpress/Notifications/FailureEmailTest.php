<?php
/**
 * A failed automatic backup is emailed to the admin; nothing else is.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Notifications;

use SiteBackups\Jobs\Job;
use SiteBackups\Notifications\FailureEmail;
use SiteBackups\Tests\WordPress\TestCase;

final class FailureEmailTest extends TestCase {

	/** @var list<array<string, mixed>> */
	private array $sent = array();

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'pre_wp_mail', array( $this, 'capture' ), 10, 2 );
	}

	protected function tearDown(): void {
		remove_filter( 'pre_wp_mail', array( $this, 'capture' ) );
		remove_all_filters( 'site_backups_failure_email' );
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

	public function test_a_filter_can_change_or_stop_the_email(): void {
		add_filter( 'site_backups_failure_email', '__return_false' );
		( new FailureEmail() )->on_job_finished( $this->failed( 'scheduled' ) );
		$this->assertSame( array(), $this->sent );
	}

	private function failed( string $trigger ): Job {
		return Job::create( 'backup', array( 'trigger' => $trigger, 'environment' => 'production' ), 0 )->failed( 'The disk is full.' );
	}
}
