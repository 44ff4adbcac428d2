<?php
/**
 * The running job and recent ones.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;

/**
 * Reads jobs fresh from the database: a slice in another request may have moved them on.
 */
final class JobLookup {

	/**
	 * Sets up the lookup.
	 *
	 * @param JobRunner     $runner Whose slot names the running job.
	 * @param JobRepository $jobs   Where jobs are kept.
	 */
	public function __construct(
		private readonly JobRunner $runner,
		private readonly JobRepository $jobs
	) {
	}

	/**
	 * The job that holds the slot, while it runs.
	 */
	public function active(): ?Job {
		return $this->runner->active();
	}

	/**
	 * The most recent jobs, newest first.
	 *
	 * @return list<Job>
	 */
	public function recent(): array {
		return $this->jobs->recent();
	}

	/**
	 * A job by id; null when unknown or the id is malformed.
	 *
	 * @param string $id A job id.
	 */
	public function find( string $id ): ?Job {
		return $this->jobs->find( $id );
	}

	/**
	 * A job by id, which must be one.
	 *
	 * @param string $id What the client sent.
	 * @throws Refused When the id is malformed or no job has it.
	 */
	public function get( string $id ): Job {
		if ( ! JobRepository::is_valid_id( $id ) ) {
			throw new Refused( 'site_backups_invalid_job_id', __( 'That is not a valid job id.', 'site-backups' ), Refused::INVALID );
		}
		return $this->jobs->find( $id ) ?? throw new Refused( 'site_backups_job_not_found', __( 'No job has that id.', 'site-backups' ), Refused::NOT_FOUND );
	}
}
