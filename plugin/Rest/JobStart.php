<?php
/**
 * Starting a job over REST: who starts it and the answer.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\StartedBy;
use Throwable;
use WP_Error;
use WP_REST_Response;

/**
 * What the routes that start a job (a backup, a restore, a fetch) share: the job is answered
 * as JobPresenter says, with the URL to follow it at.
 */
final class JobStart {

	/**
	 * Who asks, and through which door: WP-CLI (its commands call the routes in this process), the
	 * Backups screen (a login cookie, which WordPress accepts only with the REST nonce), or any
	 * other REST caller (an application password, another plugin's request).
	 */
	public static function started_by(): StartedBy {
		global $wp_rest_auth_cookie;
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			$door = StartedBy::CLI;
		} elseif ( true === $wp_rest_auth_cookie ) {
			$door = StartedBy::SCREEN;
		} else {
			$door = StartedBy::REST;
		}
		return new StartedBy( get_current_user_id(), $door );
	}

	/**
	 * Starts a job: 202 with the job and its Location; 409 with the job that holds the slot, or
	 * with what this host lacks for the job; the starter's own refusals as ErrorResponse says.
	 *
	 * @param callable(): Job $start    Starts the job (an application service).
	 * @param string          $conflict The message when another job runs.
	 * @return WP_REST_Response|WP_Error
	 */
	public static function answer( callable $start, string $conflict ) {
		try {
			$job = $start();
		} catch ( JobConflict $running ) {
			return new WP_Error(
				'site_backups_job_running',
				// An off-site copy makes way for other jobs: it refuses only while it cannot stop at once.
				'offsite' === $running->running->kind() ? __( 'The off-site copy of the backups is finishing an upload and pauses after it. Try again in a minute.', 'site-backups' ) : $conflict,
				array(
					'status' => 409,
					'job'    => JobPresenter::data( $running->running ),
				)
			);
		} catch ( Throwable $error ) {
			return ErrorResponse::from( $error );
		}
		$response = rest_ensure_response( JobPresenter::data( $job ) );
		$response->set_status( 202 );
		$response->header( 'Location', rest_url( sprintf( '%s/jobs/%s', RestApi::NAMESPACE, $job->id() ) ) );
		return $response;
	}
}
