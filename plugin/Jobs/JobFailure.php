<?php
/**
 * Thrown by a job handler when the work cannot go on.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

use RuntimeException;

/**
 * Its message is written for the administrator (translated, actionable).
 */
final class JobFailure extends RuntimeException {
}
