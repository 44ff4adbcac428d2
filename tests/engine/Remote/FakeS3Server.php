<?php
/**
 * A scripted S3 server for the edges a real one will not show on demand.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use RuntimeException;
use SiteBackups\Engine\Remote\S3\RetryPolicy;
use SiteBackups\Engine\Remote\S3\S3Config;

// phpcs:disable WordPress.WP.AlternativeFunctions -- plain PHP files and processes; WordPress is not loaded here.

/**
 * Runs Fixtures/fake-s3.php under `php -S` on a free local port. Each call to
 * respond() scripts the answer to the next request; requests() tells what arrived.
 */
final class FakeS3Server {

	public const SECRET = 'fake-secret-Zx81/Qw+Pn0';

	/**
	 * The server's base URL.
	 *
	 * @var string
	 */
	public string $endpoint;

	/**
	 * The `php -S` process.
	 *
	 * @var resource
	 */
	private $process;

	/**
	 * Where responses and recorded requests live.
	 *
	 * @var string
	 */
	private string $dir;

	/**
	 * How many responses are scripted so far.
	 *
	 * @var int
	 */
	private int $scripted = 0;

	/**
	 * Starts a server on a free port and waits until it accepts connections.
	 *
	 * @throws RuntimeException When the server does not start.
	 */
	public function __construct() {
		$this->dir = sys_get_temp_dir() . '/sb-fake-s3-' . bin2hex( random_bytes( 6 ) );
		mkdir( $this->dir );
		$port           = self::free_port();
		$this->endpoint = 'http://127.0.0.1:' . $port;
		$process        = proc_open( // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.system_calls_proc_open -- starts the PHP built-in server.
			array( PHP_BINARY, '-S', '127.0.0.1:' . $port, __DIR__ . '/Fixtures/fake-s3.php' ),
			array(
				0 => array( 'file', '/dev/null', 'r' ),
				1 => array( 'file', '/dev/null', 'w' ),
				2 => array( 'file', '/dev/null', 'w' ),
			),
			$pipes,
			$this->dir,
			array( 'SITE_BACKUPS_FAKE_S3_DIR' => $this->dir ),
		);
		if ( ! is_resource( $process ) ) {
			throw new RuntimeException( 'Could not start the PHP built-in server.' );
		}
		$this->process = $process;
		$deadline      = microtime( true ) + 10;
		while ( microtime( true ) < $deadline ) {
			$socket = @fsockopen( '127.0.0.1', $port, $errno, $error, 0.2 ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- refused until the server is up.
			if ( false !== $socket ) {
				fclose( $socket );
				return;
			}
			usleep( 20000 );
		}
		$this->stop();
		throw new RuntimeException( 'The PHP built-in server did not start on port ' . $port . '.' );
	}

	/**
	 * A client configuration pointing at this server, with quick retries.
	 *
	 * @param int $attempts Attempts per request.
	 */
	public function config( int $attempts = 3 ): S3Config {
		return new S3Config(
			$this->endpoint,
			'us-east-1',
			'fake-bucket',
			'AKIDFAKE',
			self::SECRET,
			connectTimeout: 2.0,
			timeout: 10.0,
			retry: new RetryPolicy( $attempts, 0.001, 0.005 ),
		);
	}

	/**
	 * Scripts the answer to the next request.
	 *
	 * @param int                   $status  HTTP status.
	 * @param string                $body    Response body.
	 * @param array<string, string> $headers Response headers.
	 * @param array<string, mixed>  $extra   "cut" => bytes sent before dropping the connection, "sleep" => seconds.
	 */
	public function respond( int $status, string $body = '', array $headers = array(), array $extra = array() ): void {
		++$this->scripted;
		$this->write_response( (string) $this->scripted, $status, $body, $headers, $extra );
	}

	/**
	 * Scripts the answer to every request not scripted one by one.
	 *
	 * @param int                   $status  HTTP status.
	 * @param string                $body    Response body.
	 * @param array<string, string> $headers Response headers.
	 */
	public function respond_always( int $status, string $body = '', array $headers = array() ): void {
		$this->write_response( 'default', $status, $body, $headers, array() );
	}

	/**
	 * The requests received so far, in order.
	 *
	 * @return list<array{method: string, uri: string, headers: array<string, string>, size: int, sha256: string, body: string}>
	 */
	public function requests(): array {
		$requests = array();
		$number   = 1;
		while ( is_file( $this->dir . '/request-' . $number . '.json' ) ) {
			$requests[] = json_decode( (string) file_get_contents( $this->dir . '/request-' . $number . '.json' ), true );
			++$number;
		}

		return $requests;
	}

	/**
	 * Stops the server and removes its files.
	 */
	public function stop(): void {
		if ( is_resource( $this->process ) ) {
			proc_terminate( $this->process );
			proc_close( $this->process );
		}
		foreach ( (array) glob( $this->dir . '/*' ) as $file ) {
			unlink( (string) $file );
		}
		if ( is_dir( $this->dir ) ) {
			rmdir( $this->dir );
		}
	}

	/**
	 * An S3 error document.
	 *
	 * @param string $code    S3 error code.
	 * @param string $message Its message.
	 */
	public static function error_xml( string $code, string $message = 'Scripted failure.' ): string {
		return '<?xml version="1.0" encoding="UTF-8"?>' . "\n<Error><Code>{$code}</Code><Message>{$message}</Message>"
			. '<RequestId>req-1</RequestId></Error>';
	}

	/**
	 * Writes one scripted response file.
	 *
	 * @param string                $name    Request number or "default".
	 * @param int                   $status  HTTP status.
	 * @param string                $body    Response body.
	 * @param array<string, string> $headers Response headers.
	 * @param array<string, mixed>  $extra   Options for the fixture.
	 */
	private function write_response( string $name, int $status, string $body, array $headers, array $extra ): void {
		$response = array(
			'status'  => $status,
			'headers' => (object) $headers,
			'body'    => base64_encode( $body ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- binary bodies in JSON.
		) + $extra;
		file_put_contents( $this->dir . '/response-' . $name . '.json', json_encode( $response ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode -- no WordPress here.
	}

	/**
	 * A TCP port nobody listens on right now.
	 *
	 * @throws RuntimeException When no port can be had.
	 */
	public static function free_port(): int {
		$socket = stream_socket_server( 'tcp://127.0.0.1:0', $errno, $error );
		if ( false === $socket ) {
			throw new RuntimeException( 'No free port: ' . $error );
		}
		$name = (string) stream_socket_get_name( $socket, false );
		fclose( $socket );

		return (int) substr( $name, strrpos( $name, ':' ) + 1 );
	}
}
