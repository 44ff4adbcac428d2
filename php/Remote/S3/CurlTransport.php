<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.curl_curl_errno, WordPress.WP.AlternativeFunctions.curl_curl_error, WordPress.WP.AlternativeFunctions.curl_curl_exec, WordPress.WP.AlternativeFunctions.curl_curl_init, WordPress.WP.AlternativeFunctions.curl_curl_multi_add_handle, WordPress.WP.AlternativeFunctions.curl_curl_multi_close, WordPress.WP.AlternativeFunctions.curl_curl_multi_exec, WordPress.WP.AlternativeFunctions.curl_curl_multi_info_read, WordPress.WP.AlternativeFunctions.curl_curl_multi_init, WordPress.WP.AlternativeFunctions.curl_curl_multi_remove_handle, WordPress.WP.AlternativeFunctions.curl_curl_multi_select, WordPress.WP.AlternativeFunctions.curl_curl_reset, WordPress.WP.AlternativeFunctions.curl_curl_setopt_array, WordPress.WP.AlternativeFunctions.curl_curl_strerror -- the engine's own transport when it runs without WordPress and in its tests; in WordPress the plugin sends through WordPress's HTTP API (WordPressHttpTransport).
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Remote\S3;

use CurlHandle;
use RuntimeException;

/**
 * HTTP/1.1 exchanges over curl handles that are kept, so connections are
 * reused: one at a time, or several side by side. Bodies stream in both directions: an upload is read from its
 * stream as curl asks, a download is written to the sink as it arrives. The engine's own transport when it runs
 * without a host; a WordPress site passes one built on WordPress's HTTP API instead.
 */
final class CurlTransport implements HttpTransport
{
    /** Bodies from this size on wait for "100 Continue", so a refusal does not cost the upload. */
    private const EXPECT_CONTINUE_FROM = 1048576;

    private ?CurlHandle $handle = null;
    /** @var array<int, CurlHandle> handles for requests sent side by side */
    private array $pool = [];

    public function __construct(
        private readonly float $connectTimeout,
        private readonly float $timeout,
    ) {
    }

    /**
     * @param array<string, string> $headers
     * @param resource|null $sink receives the body when the status is one of $sinkStatuses
     * @param list<int> $sinkStatuses
     */
    public function send(
        string $method,
        string $url,
        array $headers,
        ?RequestBody $body = null,
        mixed $sink = null,
        array $sinkStatuses = [200],
    ): HttpResponse {
        $curl = $this->handle();
        $exchange = new CurlExchange($body, $sink, $sinkStatuses);
        $this->prepare($curl, $exchange, $method, $url, $headers, $body);
        curl_exec($curl);
        $errno = curl_errno($curl);
        $response = $exchange->response($errno, $errno === 0 ? '' : curl_error($curl));
        // Drops the callbacks (and the streams they hold) but keeps the connection.
        curl_reset($curl);

        return $response;
    }

    /**
     * Runs requests side by side, each on a handle of its own that is kept for the next call, so
     * their connections are reused too. A request with a sink gets the body written to it when
     * the status is one of its sinkStatuses (200 unless it says).
     *
     * @param list<array{
     *     method: string, url: string, headers: array<string, string>, body: ?RequestBody, sink?: resource,
     *     sinkStatuses?: list<int>
     * }> $requests
     * @return list<HttpResponse> in the order of $requests
     */
    public function sendAll(array $requests): array
    {
        $multi = curl_multi_init();
        $exchanges = [];
        foreach ($requests as $i => $request) {
            $this->pool[$i] ??= $this->newHandle();
            $exchanges[$i] = new CurlExchange($request['body'], $request['sink'] ?? null, $request['sinkStatuses'] ?? [200]);
            ['method' => $method, 'url' => $url, 'headers' => $headers, 'body' => $body] = $request;
            $this->prepare($this->pool[$i], $exchanges[$i], $method, $url, $headers, $body);
            curl_multi_add_handle($multi, $this->pool[$i]);
        }
        $results = [];
        do {
            $status = curl_multi_exec($multi, $running);
            while (false !== ($info = curl_multi_info_read($multi))) {
                $results[spl_object_id($info['handle'])] = $info['result'];
            }
            if ($running > 0 && curl_multi_select($multi, 1.0) === -1) {
                usleep(1000);
            }
        } while ($running > 0 && $status === CURLM_OK);
        $responses = [];
        foreach ($exchanges as $i => $exchange) {
            $curl = $this->pool[$i];
            // A transfer the multi handle never finished counts as a dropped connection.
            $errno = $results[spl_object_id($curl)] ?? CURLE_GOT_NOTHING;
            $message = $errno === 0 ? '' : (curl_error($curl) ?: (string) curl_strerror($errno));
            $responses[] = $exchange->response($errno, $message);
            curl_multi_remove_handle($multi, $curl);
            curl_reset($curl);
        }
        curl_multi_close($multi);

        return $responses;
    }

    public function close(): void
    {
        $this->handle = null;
        $this->pool = [];
    }

    /** @param array<string, string> $headers */
    private function prepare(
        CurlHandle $curl,
        CurlExchange $exchange,
        string $method,
        string $url,
        array $headers,
        ?RequestBody $body,
    ): void {
        // Below the threshold the extra round trip costs more than it could save.
        $lines = $body !== null && $body->size < self::EXPECT_CONTINUE_FROM ? ['Expect:'] : [];
        foreach ($headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $options = [
            CURLOPT_URL => $url,
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_HTTP_VERSION => CURL_HTTP_VERSION_1_1,
            CURLOPT_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
            CURLOPT_FOLLOWLOCATION => false,
            // An object key may contain "/../": it must reach the server as it is.
            CURLOPT_PATH_AS_IS => true,
            CURLOPT_NOSIGNAL => true,
            CURLOPT_CONNECTTIMEOUT_MS => (int) ceil($this->connectTimeout * 1000),
            CURLOPT_TIMEOUT_MS => (int) ceil($this->timeout * 1000),
            // A connection that stops moving is dead even without a total timeout.
            CURLOPT_LOW_SPEED_LIMIT => 1,
            CURLOPT_LOW_SPEED_TIME => 60,
            CURLOPT_USERAGENT => 'site-backups-s3/1',
            CURLOPT_HEADERFUNCTION => [$exchange, 'onHeader'],
            CURLOPT_WRITEFUNCTION => [$exchange, 'onWrite'],
        ];
        if ($method === 'HEAD') {
            $options[CURLOPT_NOBODY] = true;
        } elseif ($body !== null) {
            $options[CURLOPT_UPLOAD] = true;
            $options[CURLOPT_INFILESIZE] = $body->size;
            $options[CURLOPT_CUSTOMREQUEST] = $method;
            $options[CURLOPT_READFUNCTION] = [$exchange, 'onRead'];
            $options[CURLOPT_NOPROGRESS] = false;
            $options[CURLOPT_XFERINFOFUNCTION] = [$exchange, 'onProgress'];
        } elseif ($method !== 'GET') {
            $options[CURLOPT_CUSTOMREQUEST] = $method;
        }
        if (!curl_setopt_array($curl, $options)) {
            throw new RuntimeException('curl refused the request options for ' . $method . ' ' . $url . '.');
        }
    }

    private function handle(): CurlHandle
    {
        return $this->handle ??= $this->newHandle();
    }

    private function newHandle(): CurlHandle
    {
        $handle = curl_init();
        if ($handle === false) {
            throw new RuntimeException('curl could not be initialised.');
        }

        return $handle;
    }
}
