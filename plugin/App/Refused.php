<?php
/**
 * A request the application turns down, said the same way by REST and WP-CLI.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use RuntimeException;

/**
 * Carries the error code both doors answer with and the kind of refusal; each door says it in
 * its own terms (REST turns the kind into the status, WP-CLI prints the message).
 */
final class Refused extends RuntimeException {

	/** The input is wrong. */
	public const INVALID = 'invalid';

	/** Nothing has that id. */
	public const NOT_FOUND = 'not_found';

	/** Not in the state the thing is in now. */
	public const CONFLICT = 'conflict';

	/**
	 * Builds the refusal.
	 *
	 * @param string $error_code The error code, e.g. site_backups_backup_not_found.
	 * @param string $message    What to tell the administrator, translated.
	 * @param string $kind       One of the kinds above.
	 */
	public function __construct( public readonly string $error_code, string $message, public readonly string $kind ) {
		// phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain text: REST sends it as JSON data, WP-CLI prints it.
		parent::__construct( $message );
	}

	/**
	 * The refusal for a backup id nothing has.
	 */
	public static function no_backup(): self {
		return new self( 'site_backups_backup_not_found', __( 'No backup has that id.', 'site-backups' ), self::NOT_FOUND );
	}
}
