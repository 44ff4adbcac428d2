<?php
/**
 * The off-site copies' requests, through WordPress's HTTP API.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.

namespace SiteBackups\Offsite;

use SiteBackups\Engine\Remote\S3\HttpResponse;
use SiteBackups\Engine\Remote\S3\HttpTransport;
use SiteBackups\Engine\Remote\S3\RequestBody;
use WP_Error;
use WP_HTTP_Proxy;
use WpOrg\Requests\Exception as RequestsException;
use WpOrg\Requests\Proxy\Http as HttpProxy;
use WpOrg\Requests\Requests;
use WpOrg\Requests\Response;
use WpOrg\Requests\Transport\Curl;
use WpOrg\Requests\Transport\Fsockopen;

/**
 * Sends the S3 client's signed requests with the Requests library WordPress bundles (its cURL
 * transport, else PHP's streams), with WordPress's certificates, proxy settings and hooks, so what
 * shapes or watches a site's HTTP requests (https_ssl_verify, WP_PROXY_*, http_api_curl,
 * http_api_debug) applies here too. Requests go side by side through cURL's multi interface where
 * the host allows it, else one after another. Retries, resumed ranges and timeouts are the client's,
 * as with the engine's curl transport; the differences: a request body is held in memory (Requests
 * takes bodies as strings; bodies sent side by side are capped in total), and a download cut off
 * midway is asked for again from its first byte (Requests gives no status for a broken exchange).
 */
final class WordPressHttpTransport implements HttpTransport {

	/** Request bodies held in memory at once when sent side by side. */
	private const SIDE_BY_SIDE_BYTES = 16777216;

	/** The time limit when the settings ask for none (0). */
	private const NO_LIMIT = 86400.0;

	/** PHP's streams limit the wait for each read, not the whole: a connection idle this long is dropped. */
	private const IDLE_SECONDS = 60.0;

	/**
	 * Sets up the transport.
	 *
	 * @param float    $connect_timeout Seconds to establish a connection.
	 * @param float    $timeout         Seconds a whole request may take, 0 for no limit.
	 * @param HttpHost $host            What PHP allows here.
	 */
	public function __construct(
		private readonly float $connect_timeout,
		private readonly float $timeout,
		private readonly HttpHost $host = new HttpHost()
	) {
	}

	/**
	 * One exchange.
	 *
	 * @param string                $method        HTTP method.
	 * @param string                $url           Full URL.
	 * @param array<string, string> $headers       Signed headers, names in lower case.
	 * @param RequestBody|null      $body          The request body.
	 * @param resource|null         $sink          Receives the body when the status is one of $sink_statuses.
	 * @param int[]                 $sink_statuses Statuses whose body goes to the sink.
	 */
	public function send(
		string $method,
		string $url,
		array $headers,
		?RequestBody $body = null,
		mixed $sink = null,
		array $sink_statuses = array( 200 )
	): HttpResponse {
		return $this->one( new RequestsExchange( $method, $url, $headers, $body, $sink, $sink_statuses ) );
	}

	/**
	 * Several exchanges: side by side where cURL's multi interface is allowed, in rounds that hold
	 * at most SIDE_BY_SIDE_BYTES of request bodies; one after another otherwise.
	 *
	 * @param list<array{method: string, url: string, headers: array<string, string>, body: ?RequestBody, sink?: resource, sinkStatuses?: list<int>}> $requests The requests.
	 * @return list<HttpResponse> In the order of $requests.
	 */
	public function sendAll( array $requests ): array { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid -- the engine's HttpTransport interface names it.
		$responses = array();
		$round     = array();
		$bytes     = 0;
		foreach ( $requests as $i => $request ) {
			$size = null === $request['body'] ? 0 : $request['body']->size;
			if ( ! $this->host->side_by_side() ) {
				$responses[ $i ] = $this->one( self::exchange( $request ) );
				continue;
			}
			if ( array() !== $round && $bytes + $size > self::SIDE_BY_SIDE_BYTES ) {
				$responses += $this->together( $round );
				$round      = array();
				$bytes      = 0;
			}
			$round[ $i ] = $request;
			$bytes      += $size;
		}
		if ( array() !== $round ) {
			$responses += $this->together( $round );
		}
		ksort( $responses );
		return array_values( $responses );
	}

	/**
	 * Nothing is kept between requests: Requests opens a connection for each.
	 */
	public function close(): void {
	}

	/**
	 * Sends one exchange and tells WordPress's http_api_debug action.
	 *
	 * @param RequestsExchange $exchange The exchange.
	 */
	private function one( RequestsExchange $exchange ): HttpResponse {
		if ( $exchange->failed_already() ) {
			return $exchange->response( null );
		}
		$transport = $this->host->transport_for( $exchange->url, $exchange->data() );
		if ( null === $transport ) {
			return self::unsendable( $exchange );
		}
		$options = $this->options( $exchange->url, $transport );
		try {
			// @phpstan-ignore argument.type (Requests documents an array, but its transports send a string body as it is, as WP_Http relies on.)
			$result = Requests::request( $exchange->url, $exchange->headers(), $exchange->data(), $exchange->method, $exchange->options( $options ) );
		} catch ( RequestsException $failure ) {
			$result = $failure;
		}
		return self::told( $exchange, $options, $result );
	}

	/**
	 * Sends exchanges side by side; those cURL cannot carry go one by one.
	 *
	 * @param array<int, array{method: string, url: string, headers: array<string, string>, body: ?RequestBody, sink?: resource, sinkStatuses?: list<int>}> $requests The requests.
	 * @return array<int, HttpResponse>
	 */
	private function together( array $requests ): array {
		$responses = array();
		$exchanges = array();
		$batch     = array();
		$options   = array();
		foreach ( $requests as $i => $request ) {
			$exchange = self::exchange( $request );
			if ( $exchange->failed_already() || Curl::class !== $this->host->transport_for( $exchange->url, $exchange->data() ) ) {
				$responses[ $i ] = $this->one( $exchange );
				continue;
			}
			$exchanges[ $i ] = $exchange;
			$options[ $i ]   = $this->options( $exchange->url, Curl::class );
			$batch[ $i ]     = array(
				'url'     => $exchange->url,
				'headers' => $exchange->headers(),
				'data'    => $exchange->data(),
				'type'    => $exchange->method,
				'options' => $exchange->options( $options[ $i ] ),
			);
		}
		if ( array() !== $batch ) {
			$results = Requests::request_multiple( $batch, array( 'transport' => Curl::class ) );
			foreach ( $exchanges as $i => $exchange ) {
				$result          = $results[ $i ] ?? null;
				$responses[ $i ] = self::told( $exchange, $options[ $i ], $result instanceof Response || $result instanceof RequestsException ? $result : null );
			}
		}
		return $responses;
	}

	/**
	 * Requests' options for a request: the time limits, WordPress's certificates and proxy.
	 *
	 * @param string $url       The request's URL.
	 * @param string $transport The Requests transport class.
	 * @return array<string, mixed>
	 */
	private function options( string $url, string $transport ): array {
		$streams = Fsockopen::class === $transport;
		$timeout = $this->timeout > 0 ? $this->timeout : self::NO_LIMIT;
		$options = array(
			'transport'        => $transport,
			'timeout'          => $streams ? min( $timeout, self::IDLE_SECONDS ) : $timeout,
			'connect_timeout'  => $this->connect_timeout,
			'useragent'        => 'site-backups-s3/1 WordPress/' . get_bloginfo( 'version' ),
			'follow_redirects' => false,
			// The URL is signed as it is: no rewriting of its host or path.
			'idn'              => false,
			// HTTP/1.0 keeps servers from chunking a body, which PHP's streams would pass on undecoded.
			'protocol_version' => $streams ? 1.0 : 1.1,
		);

		/** This filter is documented in wp-includes/class-wp-http.php */
		$verify = apply_filters( 'https_ssl_verify', Requests::get_certificate_path(), $url ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- WordPress's own filter, applied as WP_Http applies it.
		if ( false === $verify ) {
			$options['verify']     = false;
			$options['verifyname'] = false;
		} elseif ( is_string( $verify ) ) {
			$options['verify'] = $verify;
		}

		$proxy = new WP_HTTP_Proxy();
		if ( $proxy->is_enabled() && $proxy->send_through_proxy( $url ) ) {
			$options['proxy'] = new HttpProxy( $proxy->host() . ':' . $proxy->port() );
			if ( $proxy->use_authentication() ) {
				$options['proxy']->use_authentication = true;
				$options['proxy']->user               = $proxy->username();
				$options['proxy']->pass               = $proxy->password();
			}
		}
		return $options;
	}

	/**
	 * The exchange for one of sendAll()'s requests.
	 *
	 * @param array{method: string, url: string, headers: array<string, string>, body: ?RequestBody, sink?: resource, sinkStatuses?: list<int>} $request The request.
	 */
	private static function exchange( array $request ): RequestsExchange {
		return new RequestsExchange( $request['method'], $request['url'], $request['headers'], $request['body'], $request['sink'] ?? null, $request['sinkStatuses'] ?? array( 200 ) );
	}

	/**
	 * The response, after telling WordPress's http_api_debug action about it as WP_Http does.
	 *
	 * @param RequestsExchange                $exchange The exchange.
	 * @param array<string, mixed>            $options  Requests' options.
	 * @param Response|RequestsException|null $result   What Requests gave back.
	 */
	private static function told( RequestsExchange $exchange, array $options, Response|RequestsException|null $result ): HttpResponse {
		$response = $exchange->response( $result );
		if ( $result instanceof Response ) {
			$debug = array(
				'headers'  => $response->headers,
				'body'     => '',
				'response' => array(
					'code'    => $response->status,
					'message' => get_status_header_desc( $response->status ),
				),
				'cookies'  => array(),
				'filename' => null,
			);
		} else {
			$debug = new WP_Error( 'http_request_failed', null === $result ? $response->localError : $result->getMessage() );
		}

		/** This action is documented in wp-includes/class-wp-http.php */
		do_action( 'http_api_debug', $debug, 'response', Requests::class, $exchange->debug_args( $options ), $exchange->url ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- WordPress's own action, fired as WP_Http fires it.
		return $response;
	}

	/**
	 * The answer when this host can send no HTTP request at all.
	 *
	 * @param RequestsExchange $exchange The exchange.
	 */
	private static function unsendable( RequestsExchange $exchange ): HttpResponse {
		return new HttpResponse( 0, array(), '', 0, 0, '', sprintf( 'This server cannot send the request to %s: PHP offers no way to make it here (neither cURL nor sockets, or no OpenSSL for https).', explode( '?', $exchange->url, 2 )[0] ) );
	}
}
