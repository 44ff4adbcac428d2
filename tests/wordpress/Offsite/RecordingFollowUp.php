<?php
/**
 * What follows a published backup, for testing the backup job's hand-over: notes what it was
 * given and what the store held at that moment, then needs two steps to end the job.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Offsite;

use SiteBackups\Backups\AfterPublish;
use SiteBackups\Backups\BackupService;
use SiteBackups\Jobs\Job;

final class RecordingFollowUp implements AfterPublish {

	private const STEPS = 2;

	/** @var list<array{backup: string, listed: list<string>, log: list<string>, phase: string}> */
	public array $taken = array();

	/** @var list<array{committed: bool, result: array<string, mixed>}> */
	public array $steps = array();

	public function __construct( private readonly BackupService $backups ) {
	}

	public function take_over( Job $job, string $backup ): ?Job {
		$this->taken[] = array(
			'backup' => $backup,
			'listed' => array_column( $this->backups->engine()->list(), 'id' ),
			'log'    => array_column( (array) $job->to_array()['log'], 'message' ),
			'phase'  => (string) $job->to_array()['progress']['phase'],
		);
		return $job->with_state( $job->state() + array( 'following' => 0 ) )->with_progress( 'following', 0, self::STEPS, 0, '' );
	}

	public function has_taken_over( Job $job ): bool {
		return isset( $job->state()['following'] );
	}

	public function step( Job $job, float $seconds, array $result ): Job {
		$this->steps[] = array(
			'committed' => $job->is_committed(),
			'result'    => $result,
		);
		$done = (int) $job->state()['following'] + 1;
		$job  = $job->with_state( array( 'following' => $done ) + $job->state() )->with_progress( 'following', $done, self::STEPS, 0, '' );
		return $done >= self::STEPS ? $job->succeeded( $result ) : $job;
	}

	public function explain_failure( Job $job, string $reason ): string {
		return 'The follow-up stopped: ' . $reason;
	}
}
