<?php
/**
 * The REST answers to the application's refusals and failures.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\Refused;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Support\Redactor;
use Throwable;
use WP_Error;

/**
 * Every controller and JobStart answer failures here, so one refusal has one code and one
 * status on every route; the store's paths and the secrets never leave the server (the host's
 * PHP log keeps the paths).
 */
final class ErrorResponse {

	/**
	 * The answer to an application's refusal or failure: its own code with the status its kind
	 * calls for; anything unforeseen as a failure of the store, without its paths.
	 *
	 * @param Throwable $error What the application threw.
	 */
	public static function from( Throwable $error ): WP_Error {
		if ( $error instanceof Refused ) {
			$status = array(
				Refused::INVALID   => 400,
				Refused::NOT_FOUND => 404,
				Refused::CONFLICT  => 409,
			);
			return new WP_Error( $error->error_code, $error->getMessage(), array( 'status' => $status[ $error->kind ] ?? 400 ) );
		}
		if ( $error instanceof BackupNotVerified ) {
			return new WP_Error(
				'site_backups_backup_not_verified',
				$error->getMessage(),
				array(
					'status' => 409,
					'reason' => $error->reason,
				)
			);
		}
		if ( $error instanceof JobRefused ) {
			// The host lacks what the job needs: say so now rather than fail halfway.
			return new WP_Error(
				'site_backups_host_cannot_run',
				$error->getMessage(),
				array(
					'status' => 409,
					'reason' => $error->problem['code'],
				)
			);
		}
		return self::store_failure( $error );
	}

	/**
	 * An error for a failure of the store or the engine, without its paths.
	 *
	 * @param Throwable $error What went wrong.
	 */
	public static function store_failure( Throwable $error ): WP_Error {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log keeps the full story.
		error_log( Redactor::for_log( 'Site Backups: ' . $error->getMessage() ) );
		return new WP_Error(
			'site_backups_store_error',
			/* translators: %s: the technical reason, without file paths. */
			sprintf( __( 'The backup store could not be read or written: %s', 'site-backups' ), Redactor::redact( $error->getMessage() ) ),
			array( 'status' => 500 )
		);
	}
}
