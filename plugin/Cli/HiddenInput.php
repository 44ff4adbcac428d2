<?php
/**
 * WP-CLI: secrets read without echo.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

/**
 * A secret comes from an environment variable or a prompt that does not echo, never from an
 * option: options end up in the shell's history and the process list.
 */
final class HiddenInput {

	/**
	 * A secret from the environment, or typed without echo; '' when nothing was given.
	 *
	 * @param string $variable The environment variable.
	 * @param string $question The prompt.
	 */
	public static function read( string $variable, string $question ): string {
		$value = getenv( $variable );
		if ( is_string( $value ) && '' !== $value ) {
			return $value;
		}
		try {
			return (string) \cli\prompt( $question, '', ': ', true );
		} catch ( \Exception $end_of_input ) {
			return ''; // Nothing typed or piped in.
		}
	}
}
