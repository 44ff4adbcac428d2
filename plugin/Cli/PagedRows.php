<?php
/**
 * WP-CLI: a list route's pages written out as they come, in one of WP-CLI's formats.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use WP_CLI;

/**
 * Follows a route's `next` from page to page (with --all) and writes each page's rows before
 * asking for the next, so a folder of any size is never gathered in memory. json is one array
 * written piece by piece, csv one header, count one number; table and yaml write a table or a
 * document per page.
 */
final class PagedRows {

	/** The formats every browsing command offers. */
	public const FORMATS = array( 'table', 'json', 'csv', 'yaml', 'count' );

	/** The most a page holds (the routes' maximum). */
	private const PER_PAGE = 1000;

	/**
	 * Rows written so far.
	 *
	 * @var int
	 */
	private int $count = 0;

	/**
	 * Sets up the output.
	 *
	 * @param string   $format One of FORMATS.
	 * @param string[] $fields The columns of table and csv.
	 */
	public function __construct( private readonly string $format, private readonly array $fields ) {
	}

	/**
	 * Reads the route's pages and writes their rows.
	 *
	 * @param string               $route Route under the plugin's namespace.
	 * @param array<string, mixed> $query Its query.
	 * @param string               $key   Where a page holds its rows.
	 * @param bool                 $all   Whether to follow next to the last page.
	 * @param callable             $row   Makes a page's item (an array) a row of this format (an array).
	 */
	public function walk( string $route, array $query, string $key, bool $all, callable $row ): void {
		$after = null;
		if ( 'json' === $this->format ) {
			WP_CLI::out( '[' );
		}
		do {
			list( $page ) = RestCall::send( 'GET', $route, $query + array( 'per_page' => self::PER_PAGE ) + ( null === $after ? array() : array( 'after' => $after ) ) );
			$this->write( array_values( array_map( $row, (array) ( $page[ $key ] ?? array() ) ) ) );
			$after = $page['next'] ?? null;
		} while ( $all && is_string( $after ) );
		$this->finish( is_string( $after ) );
	}

	/**
	 * Writes one page's rows.
	 *
	 * @param list<array<string, mixed>> $rows The rows.
	 */
	private function write( array $rows ): void {
		$first        = 0 === $this->count;
		$this->count += count( $rows );
		if ( 'count' === $this->format || ( ! $rows && ! $first ) ) {
			return;
		}
		if ( 'json' === $this->format ) {
			$json = array_map( static fn ( array $item ): string => (string) wp_json_encode( $item, JSON_UNESCAPED_SLASHES ), $rows );
			WP_CLI::out( ( $first || ! $json ? '' : ',' ) . implode( ',', $json ) );
			return;
		}
		if ( 'csv' === $this->format ) {
			$cells = array_map( fn ( array $item ): array => array_map( static fn ( string $field ) => self::cell( $item[ $field ] ?? '' ), $this->fields ), $rows );
			// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
			\WP_CLI\Utils\write_csv( STDOUT, $cells, $first ? $this->fields : array() );
			return;
		}
		// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
		\WP_CLI\Utils\format_items( $this->format, $rows, $this->fields );
	}

	/**
	 * Ends the output; says when more pages were left unread.
	 *
	 * @param bool $more Whether a next page exists.
	 */
	private function finish( bool $more ): void {
		if ( 'json' === $this->format ) {
			WP_CLI::line( ']' );
		} elseif ( 'count' === $this->format ) {
			WP_CLI::line( (string) $this->count );
		}
		if ( $more ) {
			/* translators: %d: how many items were listed. */
			WP_CLI::warning( sprintf( __( 'Only the first %d are listed: add --all for the rest.', 'site-backups' ), $this->count ) );
		}
	}

	/**
	 * A value as a csv cell.
	 *
	 * @param mixed $value The value.
	 */
	private static function cell( mixed $value ): string {
		if ( is_bool( $value ) ) {
			return $value ? 'true' : 'false';
		}
		return is_scalar( $value ) ? (string) $value : (string) wp_json_encode( $value );
	}

	/**
	 * A name as the route sent it: as it is, or decoded from base64 when it is not UTF-8.
	 *
	 * @param array<string, mixed> $item The item.
	 * @param string               $key  The name's key.
	 */
	public static function name( array $item, string $key ): string {
		if ( isset( $item[ $key . '_b64' ] ) ) {
			// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- a name that is not UTF-8, as the route sends it in JSON.
			return (string) base64_decode( (string) $item[ $key . '_b64' ], true );
		}
		return (string) ( $item[ $key ] ?? '' );
	}
}
