<?php
/**
 * What follows a published backup inside the same job.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Backups;

use SiteBackups\Jobs\Job;

/**
 * The backup job hands itself over once its backup is published and expired backups are
 * pruned (a copy of it elsewhere, say); from then on every step is the follow-up's until it
 * ends the job. The backup side knows nothing of what follows, only this.
 */
interface AfterPublish {

	/**
	 * Decides what follows the published backup: the job with that work's state and progress
	 * (has_taken_over() is true of it from then on), or null when nothing follows and the backup
	 * job is done.
	 *
	 * @param Job    $job    The backup job, its backup published and expired backups pruned.
	 * @param string $backup The published backup's id.
	 */
	public function take_over( Job $job, string $backup ): ?Job;

	/**
	 * Whether the job is in the follow-up's hands (take_over() gave it work).
	 *
	 * @param Job $job The backup job.
	 */
	public function has_taken_over( Job $job ): bool;

	/**
	 * Works for about $seconds; ends the job, succeeded with $result, once done.
	 *
	 * @param Job                  $job     The backup job.
	 * @param float                $seconds Time budget.
	 * @param array<string, mixed> $result  What the backup job reports when it ends.
	 */
	public function step( Job $job, float $seconds, array $result ): Job;

	/**
	 * What the administrator reads when the follow-up stops: the backup itself is saved.
	 *
	 * @param Job    $job    The backup job.
	 * @param string $reason What went wrong.
	 */
	public function explain_failure( Job $job, string $reason ): string;
}
