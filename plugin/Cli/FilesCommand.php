<?php
/**
 * WP-CLI: wp site-backups files.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

/**
 * One folder of a backup, through the same route as the screen (GET /backups/{id}/files).
 */
final class FilesCommand {

	private const FIELDS = array( 'name', 'type', 'size', 'mode', 'modified', 'target', 'backed_up' );

	/**
	 * Lists one folder of a backup.
	 *
	 * Shows what the backup holds in the folder, sorted by name: files with their size, mode and
	 * time, folders, symbolic links with their target (never followed), and paths the backup
	 * left out. Read a file with wp site-backups cat.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * [<path>]
	 * : The folder, from the top of the site, e.g. wp-content/uploads. Default: the top of the site.
	 *
	 * [--all]
	 * : List the whole folder, page after page (1000 a page). Default: the first page only.
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
	 *     $ wp site-backups files 06dq4w1m2f3e5g6h7j8k9m0n1p wp-content/uploads --user=admin
	 *     $ wp site-backups files 06dq4w1m2f3e5g6h7j8k9m0n1p wp-content/plugins --all --format=json --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format = (string) ( $assoc_args['format'] ?? 'table' );
		$human  = in_array( $format, array( 'table', 'csv' ), true );
		( new PagedRows( $format, self::FIELDS ) )->walk(
			'/backups/' . rawurlencode( (string) $args[0] ) . '/files',
			array( 'path' => (string) ( $args[1] ?? '' ) ),
			'items',
			! empty( $assoc_args['all'] ),
			static fn ( array $item ): array => $human ? self::row( $item ) : $item
		);
	}

	/**
	 * An item as a row of the table.
	 *
	 * @param array<string, mixed> $item The route's item.
	 * @return array<string, mixed>
	 */
	private static function row( array $item ): array {
		$kept = (bool) ( $item['backed_up'] ?? false );
		return array(
			'name'      => PagedRows::name( $item, 'name' ) . ( 'dir' === ( $item['type'] ?? '' ) ? '/' : '' ),
			'type'      => $item['type'] ?? '',
			'size'      => $item['size'] ?? 0,
			'mode'      => $item['mode'] ?? '',
			'modified'  => gmdate( 'Y-m-d H:i:s', (int) ( $item['mtime'] ?? 0 ) ),
			'target'    => PagedRows::name( $item, 'target' ),
			'backed_up' => $kept ? 'yes' : sprintf( /* translators: %s: why the backup left the path out. */ __( 'no: %s', 'site-backups' ), (string) ( $item['reason'] ?? '' ) ),
		);
	}
}
