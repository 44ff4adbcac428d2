<?php
/**
 * WP-CLI: wp site-backups tables.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

/**
 * A backup's tables, through the same route as the screen (GET /backups/{id}/tables).
 */
final class TablesCommand {

	private const FIELDS = array( 'name', 'rows', 'ranges', 'bytes', 'engine', 'auto_increment', 'skipped' );

	/**
	 * Lists the tables of a backup.
	 *
	 * Shows each table the backup holds, sorted by name: its rows (empty for a backup made before
	 * they were counted), the stored pieces of its rows (its non-empty key ranges), the size of its
	 * SQL, its storage engine and AUTO_INCREMENT when it was copied.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * [--format=<format>]
	 * : Render output in a particular format. json gives every field the REST route sends.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 *   - count
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups tables 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *     $ wp site-backups tables 06dq4w1m2f3e5g6h7j8k9m0n1p --format=json --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format = (string) ( $assoc_args['format'] ?? 'table' );
		$human  = in_array( $format, array( 'table', 'csv' ), true );
		( new PagedRows( $format, self::FIELDS ) )->walk(
			'/backups/' . rawurlencode( (string) $args[0] ) . '/tables',
			array(),
			'items',
			true,
			static fn ( array $item ): array => $human ? array( 'name' => PagedRows::name( $item, 'name' ) ) + $item : $item
		);
	}
}
