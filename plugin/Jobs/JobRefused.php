<?php
/**
 * Thrown when this host lacks what a job needs, before the job starts.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use RuntimeException;

/**
 * Carries the preflight's finding, so callers can answer with it (HTTP 409) and the admin reads
 * what is missing and who can fix it.
 */
final class JobRefused extends RuntimeException {

	/**
	 * Creates the exception for a problem the host check found.
	 *
	 * @param array{code: string, message: string, fix: string, blocks: list<string>} $problem What is missing.
	 */
	public function __construct( public readonly array $problem ) {
		parent::__construct( $problem['message'] . ' ' . $problem['fix'] );
	}
}
