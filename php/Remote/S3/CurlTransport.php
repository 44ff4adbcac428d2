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
    /** Responses not streamed to a sink (XML documents, errors) are kept in memory up to this size. */
    private const MAX_BUFFERED = 8388608;

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
        $status = 0;
        $responseHeaders = [];
        $buffer = '';
        $sunk = 0;
        $localError = '';

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
            CURLOPT_HEADERFUNCTION => static function (CurlHandle $curl, string $line) use (
                &$status,
                &$responseHeaders,
            ): int {
                $text = rtrim($line, "\r\n");
                if (preg_match('#\AHTTP/\S+\s+(\d{3})#', $text, $match) === 1) {
                    // A new status line (after "100 Continue") starts a new set of headers.
                    $status = (int) $match[1];
                    $responseHeaders = [];
                } elseif (str_contains($text, ':')) {
                    [$name, $value] = explode(':', $text, 2);
                    $name = strtolower(trim($name));
                    $value = trim($value);
                    $responseHeaders[$name] = isset($responseHeaders[$name])
                        ? $responseHeaders[$name] . ', ' . $value
                        : $value;
                }

                return strlen($line);
            },
            CURLOPT_WRITEFUNCTION => static function (CurlHandle $curl, string $data) use (
                &$status,
                &$buffer,
                &$sunk,
                &$localError,
                $sink,
                $sinkStatuses,
            ): int {
                if ($sink !== null && in_array($status, $sinkStatuses, true)) {
                    if (!self::writeAll($sink, $data)) {
                        $localError = 'The downloaded data could not be written (is the disk full?).';

                        return 0;
                    }
                    $sunk += strlen($data);

                    return strlen($data);
                }
                if (strlen($buffer) + strlen($data) > self::MAX_BUFFERED) {
                    $localError = 'The storage server sent an unexpectedly large response.';

                    return 0;
                }
                $buffer .= $data;

                return strlen($data);
            },
        ];
        if ($method === 'HEAD') {
            $options[CURLOPT_NOBODY] = true;
        } elseif ($body !== null) {
            $left = $body->size;
            $options[CURLOPT_UPLOAD] = true;
            $options[CURLOPT_INFILESIZE] = $body->size;
            $options[CURLOPT_CUSTOMREQUEST] = $method;
            $options[CURLOPT_READFUNCTION] = static function (CurlHandle $curl, mixed $unused, int $length) use (
                $body,
                &$left,
                &$localError,
            ): string {
                $want = min($length, $left);
                if ($want < 1) {
                    return '';
                }
                $data = fread($body->stream, $want);
                if ($data === false || $data === '') {
                    $localError = sprintf(
                        'The body stream ended %d bytes before its announced size of %d.',
                        $left,
                        $body->size,
                    );

                    return '';
                }
                $left -= strlen($data);

                return $data;
            };
            // Ending a body early would leave curl waiting for the server: stop it instead.
            $options[CURLOPT_NOPROGRESS] = false;
            $options[CURLOPT_XFERINFOFUNCTION] = static function () use (&$localError): int {
                return $localError === '' ? 0 : 1;
            };
        } elseif ($method !== 'GET') {
            $options[CURLOPT_CUSTOMREQUEST] = $method;
        }
        if (!curl_setopt_array($curl, $options)) {
            throw new RuntimeException('curl refused the request options for ' . $method . ' ' . $url . '.');
        }
        curl_exec($curl);
        $errno = curl_errno($curl);
        $error = $errno === 0 ? '' : curl_error($curl);
        curl_reset($curl);

        return new HttpResponse($status, $responseHeaders, $buffer, $sunk, $errno, $error, $localError);
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

    /** @param resource $sink */
    private static function writeAll(mixed $sink, string $data): bool
    {
        while ($data !== '') {
            $written = fwrite($sink, $data);
            if ($written === false || $written === 0) {
                return false;
            }
            $data = substr($data, $written);
        }

        return true;
    }
}
