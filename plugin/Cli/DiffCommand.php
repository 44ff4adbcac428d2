<?php
/**
 * WP-CLI: wp site-backups diff.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use WP_CLI;
use WP_CLI\Formatter;

/**
 * What changed between two backups, through the same routes as the screen
 * (GET /backups/{id}/changes and /changes/tables).
 */
final class DiffCommand {

	private const FILE_FIELDS  = array( 'kind', 'path', 'fields', 'size_before', 'size_after', 'modified_before', 'modified_after', 'php_in_uploads' );
	private const TABLE_FIELDS = array( 'name', 'kind', 'schema_changed', 'ranges_differing', 'row_delta', 'bytes_before', 'bytes_after', 'auto_increment_before', 'auto_increment_after' );
	private const AREA_FIELDS  = array( 'area', 'added', 'changed', 'removed', 'bytes_added', 'bytes_removed' );

	/**
	 * Shows what changed between two backups.
	 *
	 * Lists the files, folders and links added, changed and removed from the older backup to
	 * the newer one, from their lists alone (no file is read). A PHP file that appeared in the
	 * uploads folder, where WordPress never puts one, is flagged.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The newer backup's id.
	 *
	 * [<other>]
	 * : The backup to compare with. Default: the one before, of the same environment.
	 *
	 * [--summary]
	 * : Show the counts of every change per part of the site, and of tables, instead of the list.
	 *
	 * [--tables]
	 * : List the tables that changed instead of the files (compared by their stored key ranges).
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
	 *     # What changed since the backup before.
	 *     $ wp site-backups diff 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *
	 *     # Between two backups, in numbers.
	 *     $ wp site-backups diff 06dq4w1m2f3e5g6h7j8k9m0n1p 06dp0a1b2c3d4e5f6g7h8j9k0m --summary --user=admin
	 *
	 *     $ wp site-backups diff 06dq4w1m2f3e5g6h7j8k9m0n1p --tables --format=json --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format = (string) ( $assoc_args['format'] ?? 'table' );
		$route  = '/backups/' . rawurlencode( (string) $args[0] ) . '/changes';
		$query  = isset( $args[1] ) ? array( 'since' => (string) $args[1] ) : array();
		if ( ! empty( $assoc_args['summary'] ) && ! empty( $assoc_args['tables'] ) ) {
			WP_CLI::error( __( 'Choose --summary or --tables, not both.', 'site-backups' ) );
		}
		if ( ! empty( $assoc_args['summary'] ) ) {
			$this->summary( $route, $query, $format, $assoc_args );
			return;
		}
		$human = in_array( $format, array( 'table', 'csv' ), true );
		if ( ! empty( $assoc_args['tables'] ) ) {
			( new PagedRows( $format, self::TABLE_FIELDS ) )->walk( $route . '/tables', $query, 'items', true, static fn ( array $item ): array => $human ? array( 'name' => PagedRows::name( $item, 'name' ) ) + $item : $item );
			return;
		}
		( new PagedRows( $format, self::FILE_FIELDS ) )->walk( $route, $query, 'files', true, static fn ( array $item ): array => $human ? self::file_row( $item ) : $item );
	}

	/**
	 * Prints the counts of every change.
	 *
	 * @param string               $route      The changes route.
	 * @param array<string, mixed> $query      Its query (since).
	 * @param string               $format     The output format.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	private function summary( string $route, array $query, string $format, array $assoc_args ): void {
		list( $page ) = RestCall::send( 'GET', $route, $query + array( 'per_page' => 1 ) );
		$summary      = (array) ( $page['summary'] ?? array() );
		if ( 'table' !== $format ) {
			$assoc_args['format'] = 'count' === $format ? 'json' : $format;
			( new Formatter( $assoc_args, array( 'backup', 'since', 'summary' ) ) )->display_item(
				array(
					'backup'  => $page['backup'],
					'since'   => $page['since'],
					'summary' => $summary,
				)
			);
			return;
		}
		/* translators: 1: the newer backup's id, 2: the older backup's id. */
		WP_CLI::line( sprintf( __( 'Changes from backup %2$s to backup %1$s:', 'site-backups' ), $page['backup'], $page['since'] ) );
		$areas = array_map( static fn ( array $area ): array => array( 'area' => '' === PagedRows::name( $area, 'area' ) ? '/' : PagedRows::name( $area, 'area' ) ) + $area, (array) ( $summary['areas'] ?? array() ) );
		if ( $areas ) {
			// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
			\WP_CLI\Utils\format_items( 'table', $areas, self::AREA_FIELDS );
		}
		$tables = (array) ( $summary['tables'] ?? array() );
		$php    = (array) ( $summary['php_in_uploads'] ?? array() );
		/* translators: 1: files and links added, 2: changed, 3: removed. */
		WP_CLI::line( sprintf( __( 'Files: %1$d added, %2$d changed, %3$d removed.', 'site-backups' ), $summary['added'] ?? 0, $summary['changed'] ?? 0, $summary['removed'] ?? 0 ) );
		/* translators: 1: tables added, 2: changed, 3: removed. */
		WP_CLI::line( sprintf( __( 'Tables: %1$d added, %2$d changed, %3$d removed.', 'site-backups' ), $tables['added'] ?? 0, $tables['changed'] ?? 0, $tables['removed'] ?? 0 ) );
		if ( (int) ( $php['count'] ?? 0 ) > 0 ) {
			/* translators: %d: how many PHP files appeared in the uploads folder. */
			WP_CLI::warning( sprintf( _n( '%d PHP file appeared in the uploads folder, where WordPress never puts one:', '%d PHP files appeared in the uploads folder, where WordPress never puts one:', (int) $php['count'], 'site-backups' ), $php['count'] ) );
			foreach ( (array) ( $php['paths'] ?? array() ) as $path ) {
				WP_CLI::line( '  ' . PagedRows::name( (array) $path, 'path' ) );
			}
		}
	}

	/**
	 * A changed path as a row of the table.
	 *
	 * @param array<string, mixed> $item The route's item.
	 * @return array<string, mixed>
	 */
	private static function file_row( array $item ): array {
		$time = static fn ( $mtime ): string => null === $mtime ? '' : gmdate( 'Y-m-d H:i:s', (int) $mtime );
		return array(
			'kind'            => $item['kind'] ?? '',
			'path'            => PagedRows::name( $item, 'path' ) . ( 'dir' === ( $item['type_after'] ?? $item['type_before'] ?? '' ) ? '/' : '' ),
			'fields'          => implode( ',', (array) ( $item['fields'] ?? array() ) ),
			'size_before'     => $item['size_before'] ?? '',
			'size_after'      => $item['size_after'] ?? '',
			'modified_before' => $time( $item['mtime_before'] ?? null ),
			'modified_after'  => $time( $item['mtime_after'] ?? null ),
			'php_in_uploads'  => empty( $item['php_in_uploads'] ) ? '' : 'yes',
		);
	}
}
