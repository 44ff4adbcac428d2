<?php
/**
 * GET /backups/{id}/download over real HTTP (nginx + PHP-FPM at 128 MB) and
 * wp site-backups download: only administrators get the zip, and a zip far
 * larger than memory_limit arrives whole and restores.
 *
 * The backup is made once for the class, of the production site with more
 * than 150 MB of incompressible uploads added; everything this class adds
 * (users, files, the backup, databases) is removed afterwards. Nothing is
 * written from this process inside a test's transaction: the web server
 * would not see it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Plugin;

final class DownloadTest extends TestCase {

	/** More than memory_limit (128M on the stack), so a zip built in memory could not be sent. */
	private const UPLOAD_BYTES = 160 * 1024 * 1024;

	private const UPLOAD_FILES = 40;

	private const ROUTE = '/wp-json/site-backups/v1/backups/';

	private const UNKNOWN_ID = '7zzzzzzzzzzzzzzzzzzzzzzzzz';

	private static string $base = '';

	private static string $work = '';

	private static string $uploads = '';

	private static string $backup = '';

	private static int $marker_post = 0;

	private static string $mu_plugin = '';

	private static string $marker_title = '';

	/** @var array<string, array{id: int, login: string, password: string}> */
	private static array $users = array();

	/** @var array<string, string> table => CHECKSUM TABLE of the live site, right after the backup */
	private static array $live_checksums = array();

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::$base = rtrim( (string) getenv( 'SITE_BACKUPS_WP_URL' ), '/' );
		self::$work = sys_get_temp_dir() . '/sb-download-' . bin2hex( random_bytes( 6 ) );
		mkdir( self::$work, 0700, true );
		foreach ( array( 'subscriber', 'editor' ) as $role ) {
			$password = wp_generate_password( 24, false );
			$login    = 'sb-download-' . $role . '-' . strtolower( wp_generate_password( 6, false ) );
			$id       = wp_insert_user(
				array(
					'user_login' => $login,
					'user_pass'  => $password,
					'role'       => $role,
				)
			);
			self::assertIsInt( $id );
			self::$users[ $role ] = array(
				'id'       => $id,
				'login'    => $login,
				'password' => $password,
			);
		}
		self::$marker_title = 'Download marker ' . wp_generate_password( 12, false );
		$marker             = wp_insert_post(
			array(
				'post_title'   => self::$marker_title,
				'post_content' => wp_slash( "Caf\u{e9} \u{1F600} 'quoted' \"double\" \\ backslash" ),
				'post_status'  => 'publish',
			)
		);
		self::assertIsInt( $marker );
		self::$marker_post = $marker;

		// A restore of the shared site (another suite's test) can bring back the folder of an earlier run.
		foreach ( glob( wp_upload_dir()['basedir'] . '/site-backups-download-test-*', GLOB_ONLYDIR ) ?: array() as $stale ) {
			if ( filemtime( $stale ) < time() - HOUR_IN_SECONDS ) {
				Durable::removeTree( $stale );
			}
		}
		self::$uploads = wp_upload_dir()['basedir'] . '/site-backups-download-test-' . strtolower( wp_generate_password( 8, false ) );
		mkdir( self::$uploads . '/empty-folder', 0755, true );
		for ( $i = 0; $i < self::UPLOAD_FILES; $i++ ) {
			file_put_contents( sprintf( '%s/random-%02d.bin', self::$uploads, $i ), random_bytes( intdiv( self::UPLOAD_BYTES, self::UPLOAD_FILES ) ) );
		}
		file_put_contents( self::$uploads . "/caf\u{e9} \u{1F600}.txt", "non-ASCII name\n" );
		symlink( 'random-00.bin', self::$uploads . '/link-to-first' );

		// Output handlers as other plugins add them, switched on per request by a query argument.
		self::$mu_plugin = WPMU_PLUGIN_DIR . '/site-backups-test-download-output.php';
		wp_mkdir_p( WPMU_PLUGIN_DIR );
		file_put_contents(
			self::$mu_plugin,
			"<?php\nif ( isset( \$_GET['sb_test_output'] ) ) {\n"
			. "\tob_start( static fn ( \$buffer ) => str_replace( 'PK', '[rewritten]', \$buffer ) );\n"
			. "\tadd_action( 'shutdown', static function () { echo '<!-- added at shutdown -->'; }, 0 );\n"
			. "\tif ( 'stuck' === \$_GET['sb_test_output'] ) {\n"
			. "\t\tob_start( null, 0, PHP_OUTPUT_HANDLER_STDFLAGS & ~PHP_OUTPUT_HANDLER_REMOVABLE );\n"
			. "\t}\n}\n"
		);

		self::$backup         = self::create_backup();
		self::$live_checksums = self::checksums( DB_NAME );
	}

	public static function tearDownAfterClass(): void {
		if ( '' !== self::$mu_plugin ) {
			@unlink( self::$mu_plugin );
		}
		if ( '' !== self::$backup ) {
			self::wp( array( 'delete', self::$backup, '--yes', '--user=admin' ) );
		}
		if ( '' !== self::$uploads ) {
			Durable::removeTree( self::$uploads );
		}
		require_once ABSPATH . 'wp-admin/includes/user.php';
		foreach ( self::$users as $user ) {
			wp_delete_user( $user['id'] );
		}
		if ( self::$marker_post > 0 ) {
			wp_delete_post( self::$marker_post, true );
		}
		if ( '' !== self::$work ) {
			Durable::removeTree( self::$work );
		}
		parent::tearDownAfterClass();
	}

	public function test_visitors_subscribers_and_editors_are_refused_and_get_no_zip(): void {
		$url = self::ROUTE . self::$backup . '/download';

		$anonymous = $this->http( $url );
		$this->assertSame( 401, $anonymous['status'] );
		$this->assertSame( 'rest_forbidden', json_decode( $anonymous['body'], true )['code'] ?? null );

		foreach ( array( 'subscriber', 'editor' ) as $role ) {
			$jar    = $this->log_in( self::$users[ $role ]['login'], self::$users[ $role ]['password'] );
			$answer = $this->http( $url, array( '_wpnonce' => $this->nonce( $jar ) ), $jar );
			$this->assertSame( 403, $answer['status'], $role . ': ' . $answer['body'] );
			$this->assertSame( 'rest_forbidden', json_decode( $answer['body'], true )['code'] ?? null, $role );
			$this->assertStringStartsWith( 'application/json', $answer['type'] );
		}
	}

	public function test_a_cookie_needs_the_nonce_which_works_as_query_argument_or_header(): void {
		$jar = $this->log_in( 'admin', 'password' );
		$url = self::ROUTE . self::$backup . '/download';

		$without = $this->http( $url, array(), $jar );
		$this->assertSame( 401, $without['status'], 'A cookie alone is what a forged cross-site link carries' );
		$this->assertStringNotContainsString( 'PK', substr( $without['body'], 0, 2 ) );

		$forged = $this->http( $url, array( '_wpnonce' => '0123456789' ), $jar );
		$this->assertSame( 403, $forged['status'] );
		$this->assertSame( 'rest_cookie_invalid_nonce', json_decode( $forged['body'], true )['code'] ?? null );

		$nonce = $this->nonce( $jar );
		$query = $this->http( $url, array( '_wpnonce' => $nonce ), $jar, array(), 4 );
		$this->assertSame( 200, $query['status'] );
		$this->assertSame( "PK\x03\x04", $query['body'], 'The answer is a zip from its first byte' );

		$header = $this->http( $url, array(), $jar, array( 'X-WP-Nonce: ' . $nonce ), 4 );
		$this->assertSame( 200, $header['status'] );
		$this->assertSame( "PK\x03\x04", $header['body'] );

		$head = $this->http( $url, array( '_wpnonce' => $nonce ), $jar, array(), null, 'HEAD' );
		$this->assertSame( 200, $head['status'] );
		$this->assertSame( 'application/zip', $head['type'] );
		$this->assertMatchesRegularExpression( '/\A[1-9]\d*\z/', $head['headers']['content-length'] ?? '', 'The size is known before the first byte' );
		$this->assertSame( 'bytes', $head['headers']['accept-ranges'] ?? null );
		$this->assertSame( '', $head['body'] );
	}

	public function test_unknown_and_malformed_ids_answer_404_or_400_with_no_file_content(): void {
		$jar   = $this->log_in( 'admin', 'password' );
		$nonce = $this->nonce( $jar );

		$unknown = $this->http( self::ROUTE . self::UNKNOWN_ID . '/download', array( '_wpnonce' => $nonce ), $jar );
		$this->assertSame( 404, $unknown['status'] );
		$this->assertSame( 'site_backups_backup_not_found', json_decode( $unknown['body'], true )['code'] ?? null );

		$paths = array(
			self::ROUTE . '../../wp-config/download',
			self::ROUTE . '..%2F..%2Fwp-config/download',
			self::ROUTE . '%2e%2e%2f%2e%2e%2fwp-config.php/download',
			self::ROUTE . '..%5C..%5Cwp-config.php/download',
			self::ROUTE . 'ABC/download',
			'/?rest_route=/site-backups/v1/backups/..%2F..%2Fwp-config/download',
			'/?rest_route=/site-backups/v1/backups/%2e%2e/download',
		);
		foreach ( $paths as $path ) {
			$answer = $this->http( $path, array( '_wpnonce' => $nonce ), $jar );
			$this->assertContains( $answer['status'], array( 400, 404 ), $path . ': ' . $answer['body'] );
			$this->assertStringStartsWith( 'application/json', $answer['type'], $path );
			$this->assertStringNotContainsString( 'DB_PASSWORD', $answer['body'], $path );
			$this->assertStringNotContainsString( '<?php', $answer['body'], $path );
		}
	}

	public function test_a_request_dispatched_inside_php_gets_an_error_instead_of_the_stream(): void {
		wp_set_current_user( $this->create_user( 'administrator' ) );
		$buffers  = ob_get_level();
		$request  = new \WP_REST_Request( 'GET', '/site-backups/v1/backups/' . self::$backup . '/download' );
		$response = rest_get_server()->dispatch( $request );

		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'site_backups_download_needs_http', $response->get_data()['code'] ?? null );
		$this->assertSame( $buffers, ob_get_level(), 'No output buffer was touched' );
	}

	public function test_an_administrator_streams_a_zip_larger_than_memory_limit_that_unzips_and_loads(): void {
		$jar   = $this->log_in( 'admin', 'password' );
		$zip   = self::$work . '/download.zip';
		$start = microtime( true );
		$got   = $this->http( self::ROUTE . self::$backup . '/download', array( '_wpnonce' => $this->nonce( $jar ) ), $jar, array(), null, 'GET', $zip );
		$took  = microtime( true ) - $start;

		$this->assertSame( 200, $got['status'], (string) file_get_contents( $zip, false, null, 0, 2000 ) );
		$this->assertSame( 'application/zip', $got['type'] );
		$this->assertMatchesRegularExpression( '/\Aattachment; filename="localhost-production-\d{4}-\d\d-\d\d-\d{4}-' . substr( self::$backup, -8 ) . '\.zip"\z/', $got['headers']['content-disposition'] ?? '' );
		$this->assertSame( 'no-store', $got['headers']['cache-control'] ?? null );
		$this->assertSame( 'nosniff', $got['headers']['x-content-type-options'] ?? null );
		$size = (int) filesize( $zip );
		$this->assertSame( (string) $size, $got['headers']['content-length'] ?? null, 'The size is known before the first byte' );
		$this->assertSame( 'bytes', $got['headers']['accept-ranges'] ?? null, 'A cut download can be resumed' );
		$this->assertMatchesRegularExpression( '/\A"[0-9a-f]{40}"\z/', $got['headers']['etag'] ?? '' );
		$this->assertGreaterThan( self::UPLOAD_BYTES, $size );
		$this->assertGreaterThan( wp_convert_hr_to_bytes( '128M' ), $size );

		$test = $this->run_command( array( 'unzip', '-t', $zip ) );
		$this->assertSame( 0, $test['status'], substr( $test['out'], -3000 ) );
		$this->assertStringContainsString( 'No errors detected', $test['out'] );

		// The uploads came back byte for byte, with the symlink and the empty folder.
		$out = self::$work . '/extracted';
		$this->assertSame( 0, $this->run_command( array( 'unzip', '-q', $zip, '-d', $out ) )['status'] );
		$relative = substr( self::$uploads, strlen( untrailingslashit( ABSPATH ) ) );
		$copy     = $out . '/files' . $relative;
		foreach ( array( 'random-00.bin', sprintf( 'random-%02d.bin', self::UPLOAD_FILES - 1 ), "caf\u{e9} \u{1F600}.txt" ) as $name ) {
			$this->assertSame( hash_file( 'sha256', self::$uploads . '/' . $name ), hash_file( 'sha256', $copy . '/' . $name ), $name );
		}
		$this->assertSame( 'random-00.bin', readlink( $copy . '/link-to-first' ) );
		$this->assertDirectoryExists( $copy . '/empty-folder' );
		$this->assertFileExists( $out . '/files/wp-includes/version.php' );
		$manifest = json_decode( (string) file_get_contents( $out . '/manifest.json' ), true );
		$this->assertSame( self::$backup, $manifest['snapshot'] ?? null );

		// database.sql, loaded by the mariadb client into an empty database, gives the same tables.
		$database = 'sb_download_' . bin2hex( random_bytes( 4 ) );
		$this->assertSame( 0, $this->mariadb( array( '-e', "CREATE DATABASE `$database` CHARACTER SET utf8mb4" ) )['status'] );
		try {
			$load = $this->mariadb( array( $database ), $out . '/database.sql' );
			$this->assertSame( 0, $load['status'], $load['out'] );
			$restored = self::checksums( $database );
			$this->assertSame( array_keys( self::$live_checksums ), array_keys( $restored ) );
			// Options and user meta change as soon as the backup ends (its job's result, logins): every other table must be identical.
			$volatile = array( $GLOBALS['wpdb']->prefix . 'options', $GLOBALS['wpdb']->prefix . 'usermeta' );
			$this->assertSame( array_diff_key( self::$live_checksums, array_flip( $volatile ) ), array_diff_key( $restored, array_flip( $volatile ) ) );
			$marker = $this->mariadb( array( '-N', '--raw', '-e', 'SELECT post_content FROM `' . $GLOBALS['wpdb']->prefix . 'posts` WHERE ID = ' . self::$marker_post, $database ) );
			$this->assertSame( "Caf\u{e9} \u{1F600} 'quoted' \"double\" \\ backslash\n", $marker['out'] );
		} finally {
			$this->mariadb( array( '-e', "DROP DATABASE IF EXISTS `$database`" ) );
		}
		fwrite( STDERR, sprintf( "\n[download] %.1f MB zip over HTTP in %.1f s\n", $size / 1048576, $took ) );
	}

	public function test_other_code_s_output_buffers_and_shutdown_output_cannot_touch_the_zip(): void {
		$jar   = $this->log_in( 'admin', 'password' );
		$nonce = $this->nonce( $jar );
		$zip   = self::$work . '/buffered.zip';

		$got = $this->http( self::ROUTE . self::$backup . '/download', array( '_wpnonce' => $nonce, 'sb_test_output' => 'rewrite' ), $jar, array(), null, 'GET', $zip );
		$this->assertSame( 200, $got['status'] );
		$test = $this->run_command( array( 'unzip', '-tq', $zip ) );
		$this->assertSame( 0, $test['status'], $test['out'] );
		$this->assertSame( "PK\x05\x06", substr( (string) file_get_contents( $zip, false, null, (int) filesize( $zip ) - 22 ), 0, 4 ), 'The end record is the last thing sent' );

		// A buffer that cannot be removed would see every byte: refuse before sending any.
		$stuck = $this->http( self::ROUTE . self::$backup . '/download', array( '_wpnonce' => $nonce, 'sb_test_output' => 'stuck' ), $jar );
		$this->assertSame( 500, $stuck['status'] );
		// (The shutdown comment of the test's own plugin follows the JSON.)
		$this->assertStringStartsWith( '{"code":"site_backups_output_unavailable"', $stuck['body'] );
	}

	public function test_a_failure_after_the_headers_is_logged_and_leaves_a_zip_unzip_rejects(): void {
		// Damage the one object of an upload only this backup holds, and put it back afterwards.
		$store  = Plugin::instance()->backups()->engine()->store();
		$path   = substr( self::$uploads, strlen( untrailingslashit( ABSPATH ) ) + 1 ) . '/random-07.bin';
		$object = null;
		foreach ( ( new SnapshotReader( $store ) )->entries( self::$backup ) as $entry ) {
			if ( $entry->path === $path ) {
				$object = $store->objects()->pathFor( $entry->chunks[0] );
				break;
			}
		}
		$this->assertNotNull( $object, "$path is not in the backup" );
		$original = (string) file_get_contents( $object );
		$damaged  = $original;
		$middle   = intdiv( strlen( $damaged ), 2 );
		$damaged[ $middle ] = chr( ord( $damaged[ $middle ] ) ^ 0x01 );
		$log      = dirname( ABSPATH, 2 ) . '/logs/php-error.log';
		$log_size = is_file( $log ) ? (int) filesize( $log ) : 0;
		$zip      = self::$work . '/damaged.zip';
		file_put_contents( $object, $damaged );
		try {
			$jar = $this->log_in( 'admin', 'password' );
			$got = $this->http( self::ROUTE . self::$backup . '/download', array( '_wpnonce' => $this->nonce( $jar ) ), $jar, array(), null, 'GET', $zip );
		} finally {
			file_put_contents( $object, $original );
		}

		$this->assertSame( 200, $got['status'], 'The headers had gone before the damage was found' );
		$this->assertLessThan( (int) ( $got['headers']['content-length'] ?? 0 ), (int) filesize( $zip ), 'The transfer ends short of its length: the client knows it failed' );
		$this->assertNotSame( 0, $this->run_command( array( 'unzip', '-t', $zip ) )['status'] );
		$line     = 'Site Backups: the download of backup ' . self::$backup . ' failed after it had begun';
		$deadline = microtime( true ) + 5;
		while ( true ) {
			$logged = (string) file_get_contents( $log, false, null, $log_size );
			if ( str_contains( $logged, $line ) || microtime( true ) > $deadline ) {
				break;
			}
			usleep( 100000 ); // PHP-FPM may still be writing the line.
		}
		$this->assertStringContainsString( $line, $logged );
		$this->assertStringContainsString( 'does not match its hash', $logged );
	}

	public function test_wp_cli_saves_the_zip_and_refuses_to_overwrite_without_force(): void {
		$folder = self::$work . '/cli';
		mkdir( $folder );

		$saved = self::wp( array( 'download', self::$backup, '--user=admin' ), $folder );
		$this->assertSame( 0, $saved['status'], $saved['err'] . $saved['out'] );
		$files = glob( $folder . '/*.zip' ) ?: array();
		$this->assertCount( 1, $files, 'The default name lands in the current folder' );
		$this->assertMatchesRegularExpression( '/\Alocalhost-production-\d{4}-\d\d-\d\d-\d{4}-' . substr( self::$backup, -8 ) . '\.zip\z/', basename( $files[0] ) );
		$this->assertStringContainsString( 'Success: Saved backup ' . self::$backup . ' to ' . $files[0] . ' (', $saved['out'] );
		$this->assertSame( 0, $this->run_command( array( 'unzip', '-tq', $files[0] ) )['status'] );
		$jar  = $this->log_in( 'admin', 'password' );
		$http = $this->http( self::ROUTE . self::$backup . '/download', array( '_wpnonce' => $this->nonce( $jar ) ), $jar, array(), null, 'GET', $folder . '/over-http.zip' );
		$this->assertSame( 200, $http['status'] );
		$this->assertSame( hash_file( 'sha256', $files[0] ), hash_file( 'sha256', $folder . '/over-http.zip' ), 'The command line and PHP-FPM give the same bytes' );

		$again = self::wp( array( 'download', self::$backup, '--output=' . $files[0], '--user=admin' ), $folder );
		$this->assertSame( 1, $again['status'] );
		$this->assertStringContainsString( 'exists already', $again['err'] );

		$named = self::wp( array( 'download', self::$backup, '--output=named.zip', '--force', '--user=admin' ), $folder );
		$this->assertSame( 0, $named['status'], $named['err'] );
		$this->assertSame( hash_file( 'sha256', $files[0] ), hash_file( 'sha256', $folder . '/named.zip' ), 'The same backup gives the same bytes' );
		$this->assertSame( array(), glob( $folder . '/.*.part' ) ?: array(), 'No partial file is left behind' );

		$unknown = self::wp( array( 'download', self::UNKNOWN_ID, '--user=admin' ), $folder );
		$this->assertSame( 1, $unknown['status'] );
		$this->assertStringContainsString( 'Error: No backup has that id.', $unknown['err'] );

		$malformed = self::wp( array( 'download', '../../wp-config', '--user=admin' ), $folder );
		$this->assertSame( 1, $malformed['status'] );
		$this->assertStringContainsString( 'not a valid backup id', $malformed['err'] );

		$anonymous = self::wp( array( 'download', self::$backup ), $folder );
		$this->assertSame( 1, $anonymous['status'] );
		$this->assertStringContainsString( '--user', $anonymous['err'] );

		Durable::removeTree( $folder );
	}

	/**
	 * Backs up production with the CLI, waiting for a backup someone else runs on the shared stack.
	 */
	private static function create_backup(): string {
		$deadline = time() + 300;
		do {
			$created = self::wp( array( 'create', '--porcelain', '--note=Download test', '--user=admin' ) );
			if ( 0 === $created['status'] ) {
				$id = trim( $created['out'] );
				self::assertMatchesRegularExpression( '/\A[0-9a-z]{26}\z/', $id );
				return $id;
			}
			self::assertStringContainsString( 'Another backup is running', $created['err'], $created['err'] . $created['out'] );
			sleep( 2 );
		} while ( time() < $deadline );
		self::fail( 'Another backup kept running on the shared stack.' );
	}

	/**
	 * CHECKSUM TABLE of every base table of the site's prefix in a database.
	 *
	 * @return array<string, string>
	 */
	private static function checksums( string $database ): array {
		global $wpdb;
		$like   = str_replace( '_', '\\_', $wpdb->prefix ) . '%';
		$tables = self::mariadb( array( '-N', '-e', "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$database' AND TABLE_TYPE = 'BASE TABLE' AND TABLE_NAME LIKE '$like' ORDER BY TABLE_NAME" ) );
		self::assertSame( 0, $tables['status'], $tables['out'] );
		$names = array_filter( explode( "\n", $tables['out'] ) );
		self::assertNotEmpty( $names );
		$sums = self::mariadb( array( '-N', '-e', 'CHECKSUM TABLE ' . implode( ', ', array_map( static fn ( string $t ): string => "`$t`", $names ) ), $database ) );
		self::assertSame( 0, $sums['status'], $sums['out'] );
		$result = array();
		foreach ( array_filter( explode( "\n", $sums['out'] ) ) as $line ) {
			list( $name, $sum ) = explode( "\t", $line );
			$result[ substr( $name, strlen( $database ) + 1 ) ] = $sum;
		}
		return $result;
	}

	/**
	 * The mariadb client as the site's database user, on the site's socket.
	 *
	 * @param list<string> $args  Client arguments.
	 * @param string|null  $input A file to feed it.
	 * @return array{status: int, out: string}
	 */
	private static function mariadb( array $args, ?string $input = null ): array {
		$host    = explode( ':', DB_HOST, 2 );
		$target  = isset( $host[1] ) && str_starts_with( $host[1], '/' ) ? '--socket=' . $host[1] : '--host=' . DB_HOST;
		$command = array_merge( array( 'mariadb', $target, '--user=' . DB_USER, '--default-character-set=utf8mb4' ), $args );
		$env     = array_merge( getenv(), array( 'MYSQL_PWD' => DB_PASSWORD ) );
		$process = proc_open( $command, array( 0 => null === $input ? array( 'pipe', 'r' ) : array( 'file', $input, 'r' ), 1 => array( 'pipe', 'w' ), 2 => array( 'redirect', 1 ) ), $pipes, null, $env );
		self::assertIsResource( $process );
		if ( isset( $pipes[0] ) ) {
			fclose( $pipes[0] );
		}
		$out = (string) stream_get_contents( $pipes[1] );
		fclose( $pipes[1] );
		return array(
			'status' => proc_close( $process ),
			'out'    => $out,
		);
	}

	/**
	 * Runs `wp site-backups ...` in a new process.
	 *
	 * @param list<string> $args Arguments after "site-backups".
	 * @return array{status: int, out: string, err: string}
	 */
	private static function wp( array $args, ?string $cwd = null ): array {
		return WordPressSite::wp( 'production', array_merge( array( 'site-backups' ), $args ), $cwd );
	}

	/**
	 * @param list<string> $command
	 * @return array{status: int, out: string}
	 */
	private function run_command( array $command ): array {
		$process = proc_open( $command, array( 1 => array( 'pipe', 'w' ), 2 => array( 'redirect', 1 ) ), $pipes );
		$this->assertIsResource( $process );
		$out = (string) stream_get_contents( $pipes[1] );
		fclose( $pipes[1] );
		return array(
			'status' => proc_close( $process ),
			'out'    => $out,
		);
	}

	/**
	 * Logs in over HTTP and returns the cookie jar.
	 */
	private function log_in( string $login, string $password ): string {
		$jar    = (string) tempnam( self::$work, 'cookies-' );
		$answer = $this->http(
			'/wp-login.php',
			array(),
			$jar,
			array( 'Cookie: wordpress_test_cookie=WP%20Cookie%20check' ),
			null,
			'POST',
			null,
			http_build_query(
				array(
					'log'        => $login,
					'pwd'        => $password,
					'wp-submit'  => 'Log In',
					'testcookie' => 1,
				)
			)
		);
		$this->assertSame( 302, $answer['status'], "Could not log in as $login" );
		return $jar;
	}

	private function nonce( string $jar ): string {
		$nonce = $this->http( '/wp-admin/admin-ajax.php', array( 'action' => 'rest-nonce' ), $jar );
		$this->assertSame( 200, $nonce['status'] );
		$this->assertMatchesRegularExpression( '/\A[0-9a-f]{10}\z/', $nonce['body'] );
		return $nonce['body'];
	}

	/**
	 * One request through nginx. The path is sent as it is ("../" included).
	 *
	 * @param array<string, string> $query   Query arguments.
	 * @param list<string>          $headers Extra headers.
	 * @param int|null              $limit   Stop reading after this many bytes of body.
	 * @param string|null           $file    Write the body to this file instead.
	 * @return array{status: int, type: string, body: string, headers: array<string, string>}
	 */
	private function http( string $path, array $query = array(), ?string $jar = null, array $headers = array(), ?int $limit = null, string $method = 'GET', ?string $file = null, ?string $post = null ): array {
		$url      = self::$base . $path . ( $query ? ( str_contains( $path, '?' ) ? '&' : '?' ) . http_build_query( $query ) : '' );
		$handle   = curl_init( $url );
		$body     = '';
		$received = array();
		$sink     = null === $file ? null : fopen( $file, 'wb' );
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_NOBODY         => 'HEAD' === $method,
				CURLOPT_PATH_AS_IS     => true,
				CURLOPT_FOLLOWLOCATION => false,
				CURLOPT_HTTPHEADER     => $headers,
				CURLOPT_TIMEOUT        => 300,
				CURLOPT_HEADERFUNCTION => static function ( $curl, string $line ) use ( &$received ): int {
					$parts = explode( ':', $line, 2 );
					if ( 2 === count( $parts ) ) {
						$received[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
					}
					return strlen( $line );
				},
				CURLOPT_WRITEFUNCTION  => static function ( $curl, string $data ) use ( &$body, $limit, $sink ): int {
					if ( null !== $sink ) {
						return (int) fwrite( $sink, $data );
					}
					$body .= $data;
					// Returning less than was given makes curl hang up, as a browser's cancel does.
					return null !== $limit && strlen( $body ) >= $limit ? 0 : strlen( $data );
				},
			)
		);
		if ( null !== $jar ) {
			curl_setopt( $handle, CURLOPT_COOKIEJAR, $jar );
			curl_setopt( $handle, CURLOPT_COOKIEFILE, $jar );
		}
		if ( null !== $post ) {
			curl_setopt( $handle, CURLOPT_POSTFIELDS, $post );
		}
		curl_exec( $handle );
		$status = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
		curl_close( $handle );
		if ( null !== $sink ) {
			fclose( $sink );
		}
		return array(
			'status'  => $status,
			'type'    => $received['content-type'] ?? '',
			'body'    => null === $limit ? $body : substr( $body, 0, $limit ),
			'headers' => $received,
		);
	}
}
