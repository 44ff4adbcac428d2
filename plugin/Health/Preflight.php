<?php
/**
 * What keeps backups or restores from working on this host, found before a job starts.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Health;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Store\OpenBasedir;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Environments\SiteFolders;
use SiteBackups\Jobs\HostCheck;
use Throwable;

/**
 * Some hosts cannot run a job at all: no folder PHP may write the store to, no mysqli for the
 * engine's own database session, a database user that may not create or drop tables (a restore
 * loads beside the live tables and switches them), a store or site that open_basedir fences
 * off. A job there would fail halfway; instead the screen, REST, WP-CLI and Site Health say
 * what is missing and who can fix it, and such a job is refused before it starts.
 */
final class Preflight implements HostCheck {

	public const TEST = 'site_backups_preflight';

	/** How long the database privilege probe's answer is kept (seconds). */
	private const PROBE_TTL = 600;

	private const PROBE_TRANSIENT = 'site_backups_privilege_probe';

	/**
	 * Sets up the checks.
	 *
	 * @param StoreDirectory   $store Where backups are kept.
	 * @param Environment|null $site  The site whose database user is probed; production unless told.
	 */
	public function __construct( private readonly StoreDirectory $store, private readonly ?Environment $site = null ) {
	}

	/**
	 * Every problem found, each with the job kinds it stops (none: a warning only).
	 *
	 * @return list<array{code: string, message: string, fix: string, blocks: list<string>}>
	 */
	public function problems(): array {
		$problems = array();
		if ( ! extension_loaded( 'mysqli' ) ) {
			$problems[] = array(
				'code'    => 'mysqli_missing',
				'message' => __( 'PHP\'s mysqli extension is missing here, and backups read and restore the database through it.', 'site-backups' ),
				'fix'     => __( 'Ask your host to enable the mysqli extension for PHP.', 'site-backups' ),
				'blocks'  => array( 'backup', 'restore', 'fetch' ),
			);
		}
		$fenced = $this->fenced_folders();
		if ( $fenced ) {
			$problems[] = array(
				'code'    => 'open_basedir',
				/* translators: %s: folders, such as "the folder backups are kept in". */
				'message' => sprintf( __( 'PHP\'s open_basedir setting keeps it out of %s, so backups cannot be made or restored.', 'site-backups' ), implode( ', ', $fenced ) ),
				'fix'     => __( 'Ask your host to add these folders to open_basedir, or choose a store folder inside it (SITE_BACKUPS_STORE_DIR in wp-config.php).', 'site-backups' ),
				'blocks'  => array( 'backup', 'restore', 'fetch', 'offsite' ),
			);
		} elseif ( ! $this->store_is_writable() ) {
			$problems[] = array(
				'code'    => 'store_unwritable',
				'message' => __( 'PHP may not create or write the folder backups are kept in.', 'site-backups' ),
				'fix'     => __( 'Make the folder writable by the user PHP runs as, or set SITE_BACKUPS_STORE_DIR in wp-config.php to a folder that is, outside the web root.', 'site-backups' ),
				'blocks'  => array( 'backup', 'restore', 'fetch' ),
			);
		}
		$missing = $this->missing_privileges();
		if ( $missing ) {
			$problems[] = array(
				'code'    => 'database_privileges',
				/* translators: %s: SQL privileges, such as "CREATE, DROP". */
				'message' => sprintf( __( 'The database user may not %s tables, which a restore needs: it loads the backup beside the live tables, then switches them.', 'site-backups' ), implode( ', ', $missing ) ),
				'fix'     => __( 'Ask your host to grant the site\'s database user CREATE, ALTER and DROP on its database. Backups still work.', 'site-backups' ),
				'blocks'  => array( 'restore' ),
			);
		}
		return $problems;
	}

	/**
	 * The first problem that stops a kind of job, if any.
	 *
	 * @param string $kind A job kind: backup, restore, fetch or offsite.
	 * @return array{code: string, message: string, fix: string, blocks: list<string>}|null
	 */
	public function blocking( string $kind ): ?array {
		foreach ( $this->problems() as $problem ) {
			if ( in_array( $kind, $problem['blocks'], true ) ) {
				return $problem;
			}
		}
		return null;
	}

	/**
	 * The problems as the screen's warnings.
	 *
	 * @return list<array{code: string, message: string, fix: string}>
	 */
	public function warnings(): array {
		return array_map(
			static fn ( array $problem ): array => array(
				'code'    => $problem['code'],
				'message' => $problem['message'],
				'fix'     => $problem['fix'],
			),
			$this->problems()
		);
	}

	/**
	 * The Site Health result.
	 *
	 * @return array<string, mixed>
	 */
	public function site_health_result(): array {
		$problems = $this->problems();
		$result   = array(
			'label'       => __( 'This host can run backups and restores', 'site-backups' ),
			'status'      => 'good',
			'badge'       => array(
				'label' => __( 'Backups', 'site-backups' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html__( 'The store folder is writable, PHP has what the database copy needs, and the database user may create and drop tables.', 'site-backups' ) . '</p>',
			'test'        => self::TEST,
		);
		if ( ! $problems ) {
			return $result;
		}
		$blocking                 = array_filter( $problems, static fn ( array $problem ): bool => array() !== $problem['blocks'] );
		$result['label']          = $blocking ? __( 'Backups or restores cannot run on this host', 'site-backups' ) : __( 'Some of the site\'s files are not in its backups', 'site-backups' );
		$result['status']         = $blocking ? 'critical' : 'recommended';
		$result['badge']['color'] = $blocking ? 'red' : 'orange';
		$result['description']    = '';
		foreach ( $problems as $problem ) {
			$result['description'] .= '<p><strong>' . esc_html( $problem['message'] ) . '</strong></p><p>' . esc_html( $problem['fix'] ) . '</p>';
		}
		return $result;
	}

	/**
	 * The folders the plugin must reach that open_basedir keeps PHP out of, by what they are
	 * (the store's path is never shown).
	 *
	 * @return list<string>
	 */
	private function fenced_folders(): array {
		$allowed = (string) ini_get( 'open_basedir' );
		if ( '' === $allowed ) {
			return array();
		}
		$needed = array(
			__( 'the folder backups are kept in', 'site-backups' ) => $this->store->path(),
			/* translators: %s: a folder path. */
			sprintf( __( 'the WordPress folder (%s)', 'site-backups' ), untrailingslashit( ABSPATH ) ) => ABSPATH,
		);
		foreach ( SiteFolders::outside_wordpress_folder() as $folder ) {
			/* translators: %s: a folder path. */
			$needed[ sprintf( __( 'a folder of the site (%s)', 'site-backups' ), $folder ) ] = $folder;
		}
		$staging = ( new EnvironmentRegistry() )->staging();
		if ( null !== $staging ) {
			/* translators: %s: a folder path. */
			$needed[ sprintf( __( 'the staging site\'s folder (%s)', 'site-backups' ), $staging->root ) ] = $staging->root;
		}
		return array_keys( array_filter( $needed, static fn ( string $folder ): bool => ! OpenBasedir::allows( $folder, $allowed ) ) );
	}

	/**
	 * Whether PHP may write the store: the folder itself, or the nearest folder above it that exists.
	 */
	private function store_is_writable(): bool {
		$folder = $this->store->path();
		while ( ! file_exists( $folder ) ) {
			$parent = dirname( $folder );
			if ( $parent === $folder ) {
				return false;
			}
			$folder = $parent;
		}
		// A file in the way (not a folder) cannot hold the store either.
		return is_dir( $folder ) && wp_is_writable( $folder );
	}

	/**
	 * The privileges a restore needs that the database user lacks, found by doing what a restore
	 * does with a table of the site's own prefix. The answer is kept for a few minutes.
	 *
	 * @return list<string>
	 */
	private function missing_privileges(): array {
		$known = get_transient( self::PROBE_TRANSIENT );
		if ( is_array( $known ) ) {
			return array_values( array_map( 'strval', $known ) );
		}
		$production = $this->site ?? ( new EnvironmentRegistry() )->production();
		// phpcs:ignore WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's property.
		$name    = $production->tablePrefix . 'sbprobe_' . strtolower( wp_generate_password( 8, false, false ) );
		$missing = array();
		try {
			// The engine's own session, as a restore uses: the DDL cannot end a transaction of WordPress's.
			$db = $production->connect();
		} catch ( Throwable $error ) {
			return array();
		}
		if ( ! self::succeeds( $db, "CREATE TABLE `$name` (id INT NOT NULL PRIMARY KEY)" ) ) {
			$missing[] = 'CREATE';
		} else {
			if ( ! self::succeeds( $db, "ALTER TABLE `$name` ADD COLUMN probe INT NULL" ) ) {
				$missing[] = 'ALTER';
			}
			if ( ! self::succeeds( $db, "DROP TABLE `$name`" ) ) {
				$missing[] = 'DROP';
			}
		}
		$db->close();
		set_transient( self::PROBE_TRANSIENT, $missing, self::PROBE_TTL );
		return $missing;
	}

	/**
	 * Whether a statement runs; a refusal is the answer sought, not an error.
	 *
	 * @param Connection $db  A session.
	 * @param string     $sql The statement.
	 */
	private static function succeeds( Connection $db, string $sql ): bool {
		try {
			$db->execute( $sql );
			return true;
		} catch ( Throwable $refused ) {
			return false;
		}
	}
}
