<?php
/**
 * Backups are being removed, or a job that reads one is starting: try again in a moment.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Retention;

use RuntimeException;

/**
 * Thrown by RemovalLock when another holder kept the lock while this one waited. Each caller that
 * answers an administrator says what it means in its own, translated, terms; the message is for logs.
 */
final class RemovalBusy extends RuntimeException {

	/**
	 * The refusal, in plain words for logs.
	 */
	public function __construct() {
		parent::__construct( 'other backups were being removed, or a job that reads one was starting' );
	}
}
