<?php
/**
 * Thrown when a job is asked for while another one runs.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use RuntimeException;

/**
 * Carries the running job, so callers can answer with it (HTTP 409).
 */
final class JobConflict extends RuntimeException {

	/**
	 * Creates the exception for a running job.
	 *
	 * @param Job $running The job that holds the slot.
	 */
	public function __construct( public readonly Job $running ) {
		parent::__construct( 'Another job is running.' );
	}
}
