<?php
/**
 * WP-CLI: wp site-backups verify.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\App\VerifyBackup;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Support\Redactor;
use Throwable;
use WP_CLI;
use WP_CLI\Formatter;

/**
 * Checks a backup's stored data, here or in the bucket. The REST API has no verify route, so
 * this command calls the application itself, as a user who may manage backups.
 */
final class VerifyCommand {

	/**
	 * Sets up the command.
	 *
	 * @param VerifyBackup $verify Reads the backup again and checks it.
	 */
	public function __construct( private readonly VerifyBackup $verify ) {
	}

	/**
	 * Re-reads a backup's stored data and checks every piece against its hash.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * [--sample=<n>]
	 * : Check only a random sample of n pieces.
	 *
	 * [--offsite]
	 * : Check the copy in the off-site bucket instead: every piece is downloaded and checked.
	 *
	 * [--format=<format>]
	 * : Render the report in a particular format.
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
	 *     $ wp site-backups verify 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *     Success: Backup 06dq4w1m2f3e5g6h7j8k9m0n1p is intact (1843 pieces checked).
	 *
	 *     $ wp site-backups verify 06dq4w1m2f3e5g6h7j8k9m0n1p --sample=100 --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		RestCall::require_user();
		$id     = (string) $args[0];
		$sample = null;
		if ( isset( $assoc_args['sample'] ) ) {
			$sample = filter_var( $assoc_args['sample'], FILTER_VALIDATE_INT, array( 'options' => array( 'min_range' => 1 ) ) );
			if ( false === $sample ) {
				WP_CLI::error( __( '--sample must be a whole number of at least 1.', 'site-backups' ) );
			}
		}
		if ( ! SnapshotId::isValid( $id ) ) {
			WP_CLI::error( __( 'That is not a valid backup id.', 'site-backups' ) );
		}
		try {
			$report = empty( $assoc_args['offsite'] ) ? $this->verify->here( $id, is_int( $sample ) ? $sample : null ) : $this->verify->offsite( $id );
		} catch ( Throwable $error ) {
			WP_CLI::error( Redactor::redact( $error->getMessage() ) );
			return;
		}
		$format = (string) ( $assoc_args['format'] ?? 'table' );
		if ( 'table' !== $format ) {
			$data = $report->toArray();
			( new Formatter( $assoc_args, array_keys( $data ) ) )->display_item( $data );
		}
		if ( ! $report->isOk() ) {
			WP_CLI::error(
				sprintf(
					/* translators: 1: backup id, 2: missing pieces, 3: corrupt pieces. */
					__( 'Backup %1$s is damaged: %2$d missing and %3$d corrupt pieces.', 'site-backups' ),
					$id,
					count( $report->missing ),
					count( $report->corrupt )
				)
			);
		}
		if ( 'table' === $format ) {
			/* translators: 1: backup id, 2: number of pieces checked. */
			WP_CLI::success( sprintf( __( 'Backup %1$s is intact (%2$d pieces checked).', 'site-backups' ), $id, (int) $report->toArray()['objects_checked'] ) );
		}
	}
}
