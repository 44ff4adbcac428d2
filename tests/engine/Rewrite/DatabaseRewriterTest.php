<?php
/**
 * Rewriting the site URL in restored tables on a real MariaDB.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// Expected values are serialize() output; cursors travel as JSON, as the job state stores them.
// phpcs:disable WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize, WordPress.WP.AlternativeFunctions.json_encode_json_encode

namespace SiteBackups\Tests\Engine\Rewrite;

use InvalidArgumentException;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Rewrite\DatabaseRewriter;
use SiteBackups\Engine\Rewrite\RewriteOptions;
use SiteBackups\Engine\Rewrite\RewriteStep;
use SiteBackups\Engine\Rewrite\ValueReplacer;
use SiteBackups\Tests\Engine\Database\DatabaseTestCase;

/**
 * Production tables restored into staging get staging's URL, in one go or in
 * many short steps, and a step repeated after a crash changes nothing more.
 */
final class DatabaseRewriterTest extends DatabaseTestCase {

	private const NEW     = 'http://localhost:8889';
	private const STAGING = 'http://localhost:8888/staging';

	/**
	 * Every kind of value ends up with the new URL; what must stay, stays.
	 */
	public function testRewritesEveryTableOfAWordPressSite(): void {
		WordPressLikeTables::create( $this->db );

		$step = $this->rewriter( $this->db, self::NEW )->step( null, 600.0 );

		self::assertTrue( $step->isDone() );
		self::assertSame( self::NEW, $this->option( 'siteurl' ) );
		self::assertSame( self::NEW, $this->option( 'home' ) );
		self::assertSame( WordPressLikeTables::widgets( self::NEW ), $this->option( 'widget_text' ) );
		self::assertSame( WordPressLikeTables::theme_mods( self::NEW ), $this->option( 'theme_mods_twentytwentyfour' ) );
		self::assertSame( 'a:1:{s:3:"url";s:99:"' . WordPressLikeTables::OLD . '/";}', $this->option( 'broken_option' ) );
		self::assertSame( 'http://localhost:88881/', $this->option( 'other_site' ) );
		self::assertSame( WordPressLikeTables::login_redirect( self::NEW ), $this->option( 'login_redirect' ) );
		self::assertSame( 'x', $this->option( '_transient_' . WordPressLikeTables::OLD ) );

		$posts = $this->db->fetchAll( 'SELECT post_content, guid FROM sbtmp_wp_posts ORDER BY ID' );
		self::assertSame( WordPressLikeTables::block_content( self::NEW, self::NEW ), $posts[0]['post_content'] );
		self::assertSame( self::NEW . '/?p=1', $posts[0]['guid'] );
		self::assertSame( 'http://localhost:88881/?p=2', $posts[1]['guid'] );
		self::assertSame( '0', $this->mismatchedPostmeta( self::NEW ) );
		self::assertSame( '0', $this->db->fetchValue( "SELECT COUNT(*) FROM sbtmp_wp_translations WHERE value <> IF(CAST(SUBSTRING(name, 6) AS UNSIGNED) % 2 = 0, CONCAT('" . self::NEW . "/t/', SUBSTRING(name, 6)), 'none')" ) );
		self::assertSame( $this->sorted( WordPressLikeTables::link_log_rows( self::NEW ) ), $this->linkLog() );

		self::assertSame(
			array(
				'source' => WordPressLikeTables::OLD . '/old-page',
				'target' => self::NEW . '/new-page',
			),
			$this->db->fetchRow( 'SELECT source, target FROM sbtmp_wp_redirects' )
		);
		$sessions = $this->db->fetchAll( 'SELECT data, touched FROM sbtmp_wp_sessions ORDER BY id' );
		self::assertSame( serialize( array( 'cart' => self::NEW . '/cart' ) ), $sessions[0]['data'] );
		self::assertSame( "\x89PNG\xff" . WordPressLikeTables::OLD . "\x00", $sessions[1]['data'] );
		self::assertSame( '2001-02-03 04:05:06', $sessions[0]['touched'] );
		self::assertSame( self::NEW . '/abc', $this->db->fetchValue( 'SELECT url FROM sbtmp_wp_short' ) );

		self::assertSame(
			array(
				'rowsExamined'    => 7 + 2 + 16000 + count( WordPressLikeTables::link_log_rows( WordPressLikeTables::OLD ) ) + 150 + 1 + 2 + 1,
				'rowsChanged'     => 5 + 1 + 12000 + self::keylessRowsWithTheUrl() + 150 + 1 + 1 + 1,
				'malformedValues' => 1,
				'opaqueValues'    => 0,
				'tooLongValues'   => 0,
				'viewsSkipped'    => 1,
			),
			$step->totals->toArray()
		);
	}

	/**
	 * Tiny time slices, small windows and batches, a new process for each step:
	 * the same tables as one uninterrupted run.
	 */
	public function testManyShortStepsGiveTheSameTablesAsOneRun(): void {
		$whole = $this->connect( $this->fillNewDatabase() );
		$once  = $this->rewriter( $whole, self::NEW )->step( null, 600.0 );
		WordPressLikeTables::create( $this->db );

		$steps = $this->runInSteps( self::NEW, false );

		self::assertGreaterThan( 30, $steps->count );
		self::assertSame( self::checksums( $whole, WordPressLikeTables::base_tables() ), self::checksums( $this->db, WordPressLikeTables::base_tables() ) );
		self::assertSame( $once->totals->toArray(), $steps->last->totals->toArray() );
	}

	/**
	 * The new URL contains the old one: every step run twice (a crash before the
	 * cursor was saved) still gives exactly the tables of one clean run.
	 */
	public function testRepeatingEveryStepDoesNotRewriteTwice(): void {
		$whole = $this->connect( $this->fillNewDatabase() );
		$once  = $this->rewriter( $whole, self::STAGING )->step( null, 600.0 );
		WordPressLikeTables::create( $this->db );

		$this->runInSteps( self::STAGING, true );

		self::assertSame( self::checksums( $whole, WordPressLikeTables::base_tables() ), self::checksums( $this->db, WordPressLikeTables::base_tables() ) );
		self::assertSame( WordPressLikeTables::theme_mods( self::STAGING ), $this->option( 'theme_mods_twentytwentyfour' ) );
		self::assertSame( '0', $this->mismatchedPostmeta( self::STAGING ) );
		self::assertSame( $this->sorted( WordPressLikeTables::link_log_rows( self::STAGING ) ), $this->linkLog() );
		self::assertSame( '0', $this->db->fetchValue( "SELECT COUNT(*) FROM sbtmp_wp_postmeta WHERE meta_value LIKE '%staging/staging%'" ) );
		self::assertSame( 1, $once->totals->tooLongValues, 'http://localhost:8888/staging/abc does not fit varchar(25)' );
		self::assertSame( WordPressLikeTables::OLD . '/abc', $this->db->fetchValue( 'SELECT url FROM sbtmp_wp_short' ) );
	}

	/**
	 * A second full run over rewritten tables finds rows but changes none.
	 */
	public function testASecondRunChangesNoRow(): void {
		WordPressLikeTables::create( $this->db, 500 );
		$this->rewriter( $this->db, self::STAGING )->step( null, 600.0 );
		$before = self::checksums( $this->db, WordPressLikeTables::base_tables() );

		$again = $this->rewriter( $this->db, self::STAGING )->step( null, 600.0 );

		self::assertSame( 0, $again->totals->rowsChanged );
		self::assertSame( $before, self::checksums( $this->db, WordPressLikeTables::base_tables() ) );
	}

	/**
	 * A cursor only resumes the rewrite it came from.
	 */
	public function testCursorsFromAnotherRewriteOrTamperedWithAreRefused(): void {
		WordPressLikeTables::create( $this->db, 3000 );
		$small  = new RewriteOptions( 500 );
		$cursor = ( new DatabaseRewriter( $this->db, WordPressLikeTables::names(), ValueReplacer::forSiteMove( WordPressLikeTables::OLD, self::NEW ), $small ) )->step( null, 0.0 )->cursor;
		while ( null !== $cursor && null === $cursor['after'] ) {
			$cursor = $this->rewriter( $this->db, self::NEW, $small )->step( $cursor, 0.0 )->cursor;
		}
		self::assertNotNull( $cursor );

		$other_pairs = ValueReplacer::forSiteMove( WordPressLikeTables::OLD, self::STAGING );
		$refusals    = array(
			'other replacements' => static fn ( Connection $db ): RewriteStep => ( new DatabaseRewriter( $db, WordPressLikeTables::names(), $other_pairs ) )->step( $cursor, 1.0 ),
			'other tables'       => static fn ( Connection $db ): RewriteStep => ( new DatabaseRewriter( $db, array( 'sbtmp_wp_posts' ), ValueReplacer::forSiteMove( WordPressLikeTables::OLD, self::NEW ) ) )->step( $cursor, 1.0 ),
			'injected key'       => fn ( Connection $db ): RewriteStep => $this->rewriter( $db, self::NEW )->step( array( 'after' => array( '1 OR 1=1' ) ) + $cursor, 1.0 ),
		);
		foreach ( $refusals as $name => $attempt ) {
			try {
				$attempt( $this->db );
				self::fail( 'Accepted a cursor with ' . $name );
			} catch ( InvalidArgumentException $e ) {
				self::assertNotSame( '', $e->getMessage() );
			}
		}
	}

	/**
	 * Runs the rewrite step by step, each step in a new connection with the cursor from JSON.
	 *
	 * @param string $new_url    The new URL.
	 * @param bool   $repeat_each Whether to run every step twice from the same cursor.
	 * @return object{count: int, last: RewriteStep}
	 */
	private function runInSteps( string $new_url, bool $repeat_each ): object {
		$options = new RewriteOptions( 250, 2048 );
		$cursor  = null;
		$count   = 0;
		do {
			$saved = json_encode( $cursor, JSON_THROW_ON_ERROR );
			if ( $repeat_each ) {
				$this->inNewConnection( fn ( Connection $db ): RewriteStep => $this->rewriter( $db, $new_url, $options )->step( $cursor, 0.0 ) );
			}
			$step   = $this->inNewConnection( fn ( Connection $db ): RewriteStep => $this->rewriter( $db, $new_url, $options )->step( json_decode( $saved, true, 512, JSON_THROW_ON_ERROR ), 0.0 ) );
			$cursor = $step->cursor;
			++$count;
		} while ( null !== $cursor );

		return (object) array(
			'count' => $count,
			'last'  => $step,
		);
	}

	/**
	 * Runs one step the way a new request would: its own connection, closed afterwards.
	 *
	 * @param callable(Connection): RewriteStep $work The step.
	 */
	private function inNewConnection( callable $work ): RewriteStep {
		$db = Connection::open( $this->config );
		try {
			return $work( $db );
		} finally {
			$db->close();
		}
	}

	/**
	 * A rewriter over every listed name, production to $new_url.
	 *
	 * @param Connection          $db      The database.
	 * @param string              $new_url The new URL.
	 * @param RewriteOptions|null $options Window and batch sizes.
	 */
	private function rewriter( Connection $db, string $new_url, ?RewriteOptions $options = null ): DatabaseRewriter {
		return new DatabaseRewriter( $db, WordPressLikeTables::names(), ValueReplacer::forSiteMove( WordPressLikeTables::OLD, $new_url ), $options );
	}

	/**
	 * A second database with the same tables.
	 */
	private function fillNewDatabase(): DatabaseConfig {
		$config = $this->createDatabase();
		WordPressLikeTables::create( $this->connect( $config ) );

		return $config;
	}

	/**
	 * An option's value.
	 *
	 * @param string $name Option name.
	 */
	private function option( string $name ): ?string {
		return $this->db->fetchValue( 'SELECT option_value FROM sbtmp_wp_options WHERE option_name = ' . $this->db->quote( $name ) );
	}

	/**
	 * How many postmeta rows differ from what they must read with $url.
	 *
	 * @param string $url The expected site URL.
	 */
	private function mismatchedPostmeta( string $url ): ?string {
		return $this->db->fetchValue(
			'SELECT COUNT(*) FROM (SELECT meta_id AS n, meta_value FROM sbtmp_wp_postmeta) AS m'
			. ' WHERE CAST(meta_value AS BINARY) <> CAST(' . WordPressLikeTables::meta_value_sql( $url ) . ' AS BINARY)'
		);
	}

	/**
	 * The keyless table's rows, sorted.
	 *
	 * @return list<list<string|null>>
	 */
	private function linkLog(): array {
		$rows = array();
		foreach ( $this->db->fetchAll( 'SELECT url, note, hits, code, seen, payload FROM sbtmp_wp_link_log' ) as $row ) {
			$rows[] = array_values( $row );
		}

		return $this->sorted( $rows );
	}

	/**
	 * Rows in a stable order.
	 *
	 * @param list<array<int, string|null>> $rows Rows.
	 * @return list<list<string|null>>
	 */
	private function sorted( array $rows ): array {
		$rows = array_map( 'array_values', $rows );
		usort( $rows, static fn ( array $a, array $b ): int => strcmp( serialize( $a ), serialize( $b ) ) );

		return $rows;
	}

	/**
	 * Rows of the keyless table that hold the site URL (the others hold another port, or bytes).
	 */
	private static function keylessRowsWithTheUrl(): int {
		$with_url = static fn ( array $row ): bool => str_contains( (string) $row[0], ':8888/' ) || str_contains( (string) $row[1], ':8888/' );

		return count( array_filter( WordPressLikeTables::link_log_rows( WordPressLikeTables::OLD ), $with_url ) );
	}
}
