<?php
/**
 * WP-CLI: wp site-backups status.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use WP_CLI;
use WP_CLI\Formatter;

/**
 * The running job's progress, through the same REST route as the screen.
 */
final class StatusCommand {

	private const FIELDS = array( 'id', 'status', 'environment', 'phase', 'done', 'total', 'percent', 'bytes', 'current', 'cancelling' );

	/**
	 * Shows the running backup's progress.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Render output in a particular format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups status --user=admin
	 *     No backup is running.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		list( $jobs ) = RestCall::send( 'GET', '/jobs', array( 'active' => true ) );
		$job          = is_array( $jobs ) && isset( $jobs[0] ) && is_array( $jobs[0] ) ? $jobs[0] : null;
		$format       = (string) ( $assoc_args['format'] ?? 'table' );
		if ( null === $job ) {
			if ( 'table' === $format ) {
				WP_CLI::line( __( 'No backup is running.', 'site-backups' ) );
			} else {
				// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
				\WP_CLI\Utils\format_items( $format, array(), self::FIELDS );
			}
			return;
		}
		if ( 'table' !== $format ) {
			( new Formatter( $assoc_args, array_keys( $job ) ) )->display_item( $job );
			return;
		}
		$progress = (array) $job['progress'];
		( new Formatter( $assoc_args, self::FIELDS ) )->display_item(
			array(
				'id'          => $job['id'],
				'status'      => $job['status'],
				'environment' => $job['environment'],
				'phase'       => $progress['phase'] ?? '',
				'done'        => $progress['done'] ?? 0,
				'total'       => $progress['total'] ?? '',
				'percent'     => null === ( $progress['percent'] ?? null ) ? '' : $progress['percent'] . '%',
				'bytes'       => size_format( (int) ( $progress['bytes'] ?? 0 ), 1 ),
				'current'     => $progress['current'] ?? '',
				'cancelling'  => $job['cancelling'] ? 'yes' : 'no',
			)
		);
	}
}
