<?php
/**
 * One exchange of the S3 client carried by WordPress's HTTP library.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- the response passes through a php://temp stream into the engine's open stream; WP_Filesystem works on paths, not streams.
// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_read_fopen, WordPress.WP.AlternativeFunctions.file_system_read_fwrite, WordPress.WP.AlternativeFunctions.file_system_read_fclose -- the same calls under their older names.

namespace SiteBackups\Offsite;

use SiteBackups\Engine\Remote\S3\HttpResponse;
use SiteBackups\Engine\Remote\S3\NetworkErrno;
use SiteBackups\Engine\Remote\S3\RequestBody;
use WP_HTTP_Requests_Hooks;
use WpOrg\Requests\Exception as RequestsException;
use WpOrg\Requests\Response;

/**
 * The request's body as the string Requests takes, and the response's body received through
 * Requests' progress hook into a temporary stream (memory, then a private temporary file), so memory
 * stays flat whatever the size; Requests itself keeps one byte of it. Once the status is known the
 * body goes on to the sink, or into the response (XML documents and errors), as with the engine's
 * curl transport.
 */
final class RequestsExchange {

	/** Responses not streamed to a sink are kept in memory up to this size (as the curl transport does). */
	private const MAX_BUFFERED = 8388608;

	/** The received body stays in memory up to this size, then goes to a temporary file. */
	private const IN_MEMORY = 1048576;

	/**
	 * The request body.
	 *
	 * @var string
	 */
	private string $data = '';

	/**
	 * The response body as it arrives.
	 *
	 * @var resource|null
	 */
	private $received = null;

	/**
	 * Bytes of the response body received.
	 *
	 * @var int
	 */
	private int $received_bytes = 0;

	/**
	 * What went wrong on this side, if anything.
	 *
	 * @var string
	 */
	private string $local_error = '';

	/**
	 * Reads the request body (from its stream's position) and prepares for the response.
	 *
	 * @param string                $method        HTTP method.
	 * @param string                $url           Full URL.
	 * @param array<string, string> $headers       Signed headers, names in lower case.
	 * @param RequestBody|null      $body          The request body.
	 * @param resource|null         $sink          Receives the body when the status is one of $sink_statuses.
	 * @param int[]                 $sink_statuses Statuses whose body goes to the sink.
	 */
	public function __construct(
		public readonly string $method,
		public readonly string $url,
		private array $headers,
		private readonly ?RequestBody $body,
		private readonly mixed $sink,
		private readonly array $sink_statuses
	) {
		// The server must not compress: the bytes counted and streamed are the object's own.
		$this->headers['accept-encoding'] = 'identity';
		if ( null !== $body ) {
			$data = $body->size > 0 ? stream_get_contents( $body->stream, $body->size ) : '';
			$data = false === $data ? '' : $data;
			if ( strlen( $data ) < $body->size ) {
				$this->local_error = sprintf( 'The body stream ended %d bytes before its announced size of %d.', $body->size - strlen( $data ), $body->size );
			}
			$this->data                      = $data;
			$this->headers['content-length'] = (string) $body->size;
			$this->headers['content-type'] ??= 'application/octet-stream';
		}
		$received = fopen( 'php://temp/maxmemory:' . self::IN_MEMORY, 'w+b' );
		if ( false === $received ) {
			$this->local_error = 'No temporary stream could be opened for the response.';
		} else {
			$this->received = $received;
		}
	}

	/**
	 * Lets go of the bodies.
	 */
	public function __destruct() {
		if ( is_resource( $this->received ) ) {
			fclose( $this->received );
		}
	}

	/**
	 * The bytes of the request body.
	 */
	public function size(): int {
		return null === $this->body ? 0 : $this->body->size;
	}

	/**
	 * The request body as Requests takes it.
	 */
	public function data(): string {
		return $this->data;
	}

	/**
	 * The headers to send.
	 *
	 * @return array<string, string>
	 */
	public function headers(): array {
		return $this->headers;
	}

	/**
	 * Whether the request cannot be sent (its body stream fell short, say).
	 */
	public function failed_already(): bool {
		return '' !== $this->local_error;
	}

	/**
	 * Requests' options for this exchange, on top of the transport's.
	 *
	 * @param array<string, mixed> $options The transport's options.
	 * @return array<string, mixed>
	 */
	public function options( array $options ): array {
		$args  = array(
			'method'  => $this->method,
			'headers' => array_diff_key( $this->headers, array( 'authorization' => true ) ),
			'stream'  => null !== $this->sink,
		);
		$hooks = new WP_HTTP_Requests_Hooks( $this->url, $args );
		$hooks->register( 'request.progress', array( $this, 'receive' ) );
		return array(
			'type'      => $this->method,
			'hooks'     => $hooks,
			// The body is taken through the progress hook; Requests need keep no more of it.
			'max_bytes' => 1,
		) + $options;
	}

	/**
	 * The arguments to tell WordPress's http_api_debug action about, in WP_Http's terms.
	 *
	 * @param array<string, mixed> $options Requests' options.
	 * @return array<string, mixed>
	 */
	public function debug_args( array $options ): array {
		return array(
			'method'     => $this->method,
			'timeout'    => $options['timeout'] ?? null,
			'headers'    => array_diff_key( $this->headers, array( 'authorization' => true ) ),
			'body'       => null,
			'stream'     => null !== $this->sink,
			'blocking'   => true,
			'sslverify'  => false !== ( $options['verify'] ?? true ),
			'user-agent' => $options['useragent'] ?? '',
		);
	}

	/**
	 * Takes a piece of the response body (Requests' request.progress hook).
	 *
	 * @param string $data The piece.
	 */
	public function receive( string $data ): void {
		if ( '' !== $this->local_error || null === $this->received ) {
			return;
		}
		if ( strlen( $data ) !== fwrite( $this->received, $data ) ) {
			$this->local_error = 'The downloaded data could not be written (is the disk full?).';
			return;
		}
		$this->received_bytes += strlen( $data );
	}

	/**
	 * What came back, as the engine's client reads it.
	 *
	 * @param Response|RequestsException|null $result Requests' answer, or why it failed; null when none came (or nothing was sent).
	 */
	public function response( Response|RequestsException|null $result ): HttpResponse {
		if ( '' !== $this->local_error && ! $result instanceof Response ) {
			return new HttpResponse( 0, array(), '', 0, 0, '', $this->local_error );
		}
		if ( ! $result instanceof Response ) {
			list( $errno, $text ) = null === $result ? array( NetworkErrno::GOT_NOTHING, 'no answer came back' ) : NetworkFailure::of( $result );
			return new HttpResponse( 0, array(), '', 0, $errno, $text );
		}
		$status  = (int) $result->status_code;
		$headers = array();
		foreach ( $result->headers as $name => $value ) {
			$headers[ strtolower( (string) $name ) ] = (string) $value;
		}
		$short = $this->missing_bytes( $status, $headers );
		if ( '' === $this->local_error && $short > 0 ) {
			// PHP's streams take a closed connection for the end of the body: the length tells.
			return new HttpResponse( $status, $headers, '', 0, NetworkErrno::PARTIAL_FILE, sprintf( 'the connection closed %d bytes before the end of the body', $short ) );
		}
		if ( '' !== $this->local_error || null === $this->received ) {
			return new HttpResponse( $status, $headers, '', 0, 0, '', $this->local_error );
		}
		rewind( $this->received );
		if ( null !== $this->sink && in_array( $status, $this->sink_statuses, true ) ) {
			$sunk = (int) stream_copy_to_stream( $this->received, $this->sink );
			$fail = $sunk < $this->received_bytes ? 'The downloaded data could not be written (is the disk full?).' : '';
			return new HttpResponse( $status, $headers, '', $sunk, 0, '', $fail );
		}
		if ( $this->received_bytes > self::MAX_BUFFERED ) {
			return new HttpResponse( $status, $headers, '', 0, 0, '', 'The storage server sent an unexpectedly large response.' );
		}
		return new HttpResponse( $status, $headers, (string) stream_get_contents( $this->received ) );
	}

	/**
	 * The bytes a body that announced its length did not deliver.
	 *
	 * @param int                   $status  The status.
	 * @param array<string, string> $headers The response's headers.
	 */
	private function missing_bytes( int $status, array $headers ): int {
		$length   = $headers['content-length'] ?? '';
		$encoding = strtolower( $headers['content-encoding'] ?? 'identity' );
		if ( 'HEAD' === $this->method || $status < 200 || 204 === $status || 304 === $status || ! ctype_digit( $length ) || 'identity' !== $encoding ) {
			return 0;
		}
		return max( 0, (int) $length - $this->received_bytes );
	}
}
