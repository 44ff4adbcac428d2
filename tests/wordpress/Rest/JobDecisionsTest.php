<?php
/**
 * The server tells the screen what it may do with a job and a backup: can_cancel is false
 * exactly when POST /jobs/{id}/cancel would answer 409 (a restore switching the site over), and
 * true for an off-site copy, which leaves the backups it copies saved either way; and the kinds
 * and triggers the job schema publishes are the ones the server runs and checks.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\App\BackupActions;

final class JobDecisionsTest extends RestTestCase {

	/**
	 * Jobs that have not ended, at every kind of moment.
	 *
	 * @return array<string, array{0: string, 1: string, 2: bool}>
	 */
	public static function unfinished_jobs(): array {
		return array(
			'a backup copying its files'              => array( 'backup', 'files', false ),
			'an off-site copy of saved backups'       => array( 'offsite', 'offsite', false ),
			'a restore restoring the database'        => array( 'restore', 'database', false ),
			'a restore switching the site over'       => array( 'restore', 'switching', true ),
			'a fetch bringing a backup from off-site' => array( 'fetch', 'fetching', false ),
		);
	}

	#[DataProvider( 'unfinished_jobs' )]
	public function test_can_cancel_is_false_exactly_when_cancel_answers_409( string $kind, string $phase, bool $committed ): void {
		$admin = $this->admin();
		$job   = Job::create( $kind, array( 'environment' => 'production' ), $admin )
			->with_state( array( 'committed' => $committed ) )
			->with_progress( $phase, 1, 2, 0, '' );
		( new JobRepository() )->save( $job );

		$shown = $this->body( $this->dispatch( 'GET', '/jobs/' . $job->id(), array(), $admin ) );
		$this->assertSame( $committed, $shown['committed'] );
		$this->assertSame( ! $committed, $shown['can_cancel'] );

		$cancel = $this->dispatch( 'POST', '/jobs/' . $job->id() . '/cancel', array(), $admin );
		if ( $shown['can_cancel'] ) {
			$this->assertSame( 200, $cancel->get_status() );
			$this->assertTrue( $this->body( $cancel )['cancelling'] );
		} else {
			$this->assertError( $cancel, 409, 'site_backups_job_committed' );
			$this->assertFalse( $this->body( $cancel )['data']['job']['can_cancel'] );
		}
	}

	public function test_a_job_that_has_ended_cannot_be_cancelled_and_a_cancel_changes_nothing(): void {
		$admin = $this->admin();
		$job   = Job::create( 'backup', array( 'environment' => 'production' ), $admin )->succeeded( array( 'backup' => 'x' ) );
		( new JobRepository() )->save( $job );

		$this->assertFalse( $this->body( $this->dispatch( 'GET', '/jobs/' . $job->id(), array(), $admin ) )['can_cancel'] );
		$cancel = $this->dispatch( 'POST', '/jobs/' . $job->id() . '/cancel', array(), $admin );
		$this->assertSame( 200, $cancel->get_status() );
		$this->assertSame( Job::DONE, $this->body( $cancel )['status'] );
		$this->assertFalse( $this->body( $cancel )['cancelling'] );
	}

	public function test_the_job_schema_names_the_kinds_the_runner_runs_and_the_engine_s_triggers(): void {
		$schema = $this->body( $this->dispatch( 'OPTIONS', '/jobs' ) )['schema']['properties'];
		$kinds  = ( fn (): array => array_keys( $this->handlers ) )->call( $this->plugin()->job_runner() );
		$this->assertInstanceOf( JobRunner::class, $this->plugin()->job_runner() );
		$this->assertEqualsCanonicalizing( $kinds, $schema['kind']['enum'] );
		$this->assertSame( BackupRequest::TRIGGERS, $schema['trigger']['enum'] );
		$backup = $this->body( $this->dispatch( 'OPTIONS', '/backups' ) )['schema']['properties'];
		$this->assertSame( BackupRequest::TRIGGERS, $backup['trigger']['enum'] );
	}

	/**
	 * Where a backup is kept and whether it is verified.
	 *
	 * @return array<string, array{0: list<string>, 1: bool, 2: list<bool>}>
	 */
	public static function backups(): array {
		return array(
			'here'                        => array( array( 'local' ), true, array( true, true, true, false ) ),
			'here and off-site'           => array( array( 'local', 'offsite' ), true, array( true, true, true, false ) ),
			'only off-site, verified'     => array( array( 'offsite' ), true, array( true, false, true, true ) ),
			'only off-site, not verified' => array( array( 'offsite' ), false, array( false, false, false, false ) ),
		);
	}

	/**
	 * The decisions sent with each backup, as the routes make them.
	 *
	 * @param list<string> $locations Where it is kept.
	 * @param list<bool>   $expected  can_restore, can_delete, can_download, can_fetch.
	 */
	#[DataProvider( 'backups' )]
	public function test_a_backup_says_what_its_routes_accept( array $locations, bool $verified, array $expected ): void {
		$this->assertSame(
			array_combine( array( 'can_restore', 'can_delete', 'can_download', 'can_fetch' ), $expected ),
			BackupActions::of( $locations, $verified )
		);
	}
}
