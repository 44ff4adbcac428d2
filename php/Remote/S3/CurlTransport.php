<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use CurlHandle;
use RuntimeException;

/**
 * One HTTP/1.1 exchange at a time over one curl handle, so connections are
 * reused. Bodies stream in both directions: an upload is read from its
 * stream as curl asks, a download is written to the sink as it arrives.
 */
final class CurlTransport
{
    /** Bodies from this size on wait for "100 Continue", so a refusal does not cost the upload. */
    private const EXPECT_CONTINUE_FROM = 1048576;

    private ?CurlHandle $handle = null;

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
        curl_exec($curl);
        $errno = curl_errno($curl);
        $response = $exchange->response($errno, $errno === 0 ? '' : curl_error($curl));
        // Drops the callbacks (and the streams they hold) but keeps the connection.
        curl_reset($curl);

        return $response;
    }

    public function close(): void
    {
        $this->handle = null;
    }

    private function handle(): CurlHandle
    {
        if ($this->handle === null) {
            $handle = curl_init();
            if ($handle === false) {
                throw new RuntimeException('curl could not be initialised.');
            }
            $this->handle = $handle;
        }

        return $this->handle;
    }
}
