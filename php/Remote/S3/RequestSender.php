<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Remote\S3;

use Closure;
use DateTimeImmutable;
use DateTimeZone;

/**
 * Signs and sends requests for one bucket, retrying what is worth retrying:
 * network failures, 500/502/503/504 and SlowDown, with backoff and jitter.
 * A body is sent again from its start, so it must be seekable to be retried;
 * a download that broke off resumes after the bytes already written.
 */
final class RequestSender
{
    /** Codes for error responses without a body (HEAD), by status. */
    private const STATUS_CODES = [
        301 => 'PermanentRedirect',
        400 => 'BadRequest',
        403 => 'Forbidden',
        404 => 'NotFound',
        405 => 'MethodNotAllowed',
        409 => 'Conflict',
        412 => 'PreconditionFailed',
        416 => 'InvalidRange',
        500 => 'InternalError',
        502 => 'BadGateway',
        503 => 'ServiceUnavailable',
        504 => 'GatewayTimeout',
    ];

    private readonly SigV4Signer $signer;
    private readonly HttpTransport $http;
    /** @var Closure(float): void */
    private readonly Closure $sleep;
    /** @var Closure(): DateTimeImmutable */
    private readonly Closure $clock;

    /**
     * @param (Closure(float): void)|null $sleep waits between attempts (seconds)
     * @param (Closure(): DateTimeImmutable)|null $clock the time requests are signed at
     */
    public function __construct(
        private readonly S3Config $config,
        ?HttpTransport $http = null,
        ?Closure $sleep = null,
        ?Closure $clock = null,
    ) {
        $this->signer = new SigV4Signer($config->accessKey, $config->secret(), $config->region);
        $this->http = $http ?? new CurlTransport($config->connectTimeout, $config->timeout);
        $this->sleep = $sleep ?? static function (float $seconds): void {
            usleep((int) round($seconds * 1000000));
        };
        $this->clock = $clock
            ?? static fn (): DateTimeImmutable => new DateTimeImmutable('now', new DateTimeZone('UTC'));
    }

    public function config(): S3Config
    {
        return $this->config;
    }

    /**
     * @param string $key the object key, "" for the bucket itself
     * @param array<string, string> $query
     * @param array<string, string> $headers
     * @param list<int> $ok statuses that mean success; any other is thrown as S3Exception
     */
    public function send(
        string $method,
        string $key = '',
        array $query = [],
        array $headers = [],
        ?RequestBody $body = null,
        array $ok = [200],
    ): HttpResponse {
        return $this->run($method, $key, $query, static fn (): array => [$headers, []], $body, null, $ok);
    }

    /**
     * GETs an object (or the bytes $from..$to of it, inclusive) into $sink.
     * After a broken connection, asks only for the rest, pinned to the same
     * version of the object with If-Match.
     *
     * @param resource $sink
     * @return array{HttpResponse, int} the last response and the bytes written
     */
    public function download(string $key, mixed $sink, ?int $from, ?int $to): array
    {
        $written = 0;
        $etag = null;
        $ranged = $from !== null || $to !== null;
        $from ??= 0;
        $headersFor = static function (?HttpResponse $previous) use (&$written, &$etag, $ranged, $from, $to): array {
            if ($previous !== null) {
                $written += $previous->sunkBytes;
                $etag ??= $previous->sunkBytes > 0 ? $previous->header('etag') : null;
            }
            $headers = [];
            if ($ranged || $written > 0) {
                $headers['range'] = 'bytes=' . ($from + $written) . '-' . ($to === null ? '' : (string) $to);
            }
            if ($etag !== null) {
                $headers['if-match'] = $etag;
            }

            return [$headers, $ranged || $written > 0 ? [206] : [200]];
        };
        $response = $this->run('GET', $key, [], $headersFor, null, $sink, []);

        return [$response, $written + $response->sunkBytes];
    }

    public function close(): void
    {
        $this->http->close();
    }

    /**
     * Sends requests side by side. Those that fail in a way a new attempt may cure are sent again
     * together, after one wait, up to the policy's attempts.
     *
     * @param list<array{method: string, key: string, headers: array<string, string>, body: RequestBody}> $requests
     * @return list<HttpResponse|S3Exception> in the order of $requests: the response, or why it failed
     */
    public function sendAll(array $requests): array
    {
        $results = [];
        $pending = array_keys($requests);
        for ($attempt = 1; [] !== $pending; ++$attempt) {
            $prepared = [];
            foreach ($pending as $i) {
                ['method' => $method, 'key' => $key, 'headers' => $headers, 'body' => $body] = $requests[$i];
                [$url, $signed] = $this->prepare($method, $key, [], $headers, $body);
                $prepared[] = ['method' => $method, 'url' => $url, 'headers' => $signed, 'body' => $body];
            }
            $delays = [];
            foreach ($this->http->sendAll($prepared) as $n => $response) {
                $i = $pending[$n];
                try {
                    $delay = $this->retryDelay($response, $requests[$i]['body'], [200], $requests[$i]['key'], $attempt);
                    if (null === $delay) {
                        $results[$i] = $response;
                    } else {
                        $delays[$i] = $delay;
                    }
                } catch (S3Exception $e) {
                    $results[$i] = $e;
                }
            }
            if ([] !== $delays) {
                ($this->sleep)(max($delays));
            }
            $pending = array_keys($delays);
        }
        ksort($results);

        return array_values($results);
    }

    /**
     * GETs objects (or the bytes from..to of them, inclusive) side by side into their sinks. One
     * that fails in a way a new attempt may cure is fetched again on its own, from an emptied
     * sink, with download()'s retries and resumes; once the server cannot be reached at all, the
     * rest of the batch is not tried again.
     *
     * @param list<array{key: string, sink: resource, from?: int, to?: int}> $objects sinks that can be emptied (files)
     * @return list<int|S3Exception> in the order of $objects: the bytes written, or why it failed
     */
    public function downloadAll(array $objects): array
    {
        $prepared = [];
        foreach ($objects as $object) {
            $ranged = isset($object['from']) || isset($object['to']);
            $headers = $ranged ? ['range' => 'bytes=' . ($object['from'] ?? 0) . '-' . ($object['to'] ?? '')] : [];
            [$url, $signed] = $this->prepare('GET', $object['key'], [], $headers, null);
            $request = ['method' => 'GET', 'url' => $url, 'headers' => $signed, 'body' => null];
            $prepared[] = $request + ['sink' => $object['sink'], 'sinkStatuses' => [$ranged ? 206 : 200]];
        }
        $results = [];
        $unreachable = null;
        foreach ($this->http->sendAll($prepared) as $i => $response) {
            ['key' => $key, 'sink' => $sink] = $objects[$i];
            try {
                if ($this->retryDelay($response, null, $prepared[$i]['sinkStatuses'], $key, 1) === null) {
                    $results[] = $response->sunkBytes;
                    continue;
                }
                if ($unreachable !== null) {
                    throw $unreachable;
                }
                if (!ftruncate($sink, 0) || !rewind($sink)) {
                    throw new S3Exception('The downloaded data could not be written again.', 'LocalStreamError');
                }
                $results[] = $this->download($key, $sink, $objects[$i]['from'] ?? null, $objects[$i]['to'] ?? null)[1];
            } catch (S3NetworkError $e) {
                $unreachable = $e;
                $results[] = $e;
            } catch (S3Exception $e) {
                $results[] = $e;
            }
        }

        return $results;
    }

    /**
     * @param array<string, string> $query
     * @param Closure(?HttpResponse): array{array<string, string>, list<int>} $headersFor
     *        headers and sink statuses for the next attempt, given the failed one before it
     * @param resource|null $sink
     * @param list<int> $ok
     */
    private function run(
        string $method,
        string $key,
        array $query,
        Closure $headersFor,
        ?RequestBody $body,
        mixed $sink,
        array $ok,
    ): HttpResponse {
        $previous = null;
        for ($attempt = 1;; ++$attempt) {
            [$headers, $sinkStatuses] = $headersFor($previous);
            [$url, $signed] = $this->prepare($method, $key, $query, $headers, $body);
            $response = $this->http->send($method, $url, $signed, $body, $sink, $sinkStatuses);
            // A download succeeds only with the status its range calls for: a 200 to a
            // resumed range would mean the server ignored the range.
            $delay = $this->retryDelay($response, $body, $sink === null ? $ok : $sinkStatuses, $key, $attempt);
            if ($delay === null) {
                return $response;
            }
            ($this->sleep)($delay);
            $previous = $response;
        }
    }

    /**
     * The URL and the signed headers of one attempt.
     *
     * @param array<string, string> $query
     * @param array<string, string> $headers
     * @return array{string, array<string, string>}
     */
    private function prepare(string $method, string $key, array $query, array $headers, ?RequestBody $body): array
    {
        $path = $this->config->path($this->config->bucket, $key);
        $host = $this->config->hostHeader($this->config->bucket);
        $queryString = UriEncoder::query($query);
        $url = $this->config->scheme . '://' . $host . $path . ($queryString === '' ? '' : '?' . $queryString);
        if ($body !== null && $body->md5Base64 !== null) {
            $headers['content-md5'] = $body->md5Base64;
        }
        $signed = $this->signer->sign(
            $method,
            $path,
            $query,
            ['host' => $host] + $headers,
            $body === null ? SigV4Signer::EMPTY_PAYLOAD : $body->sha256,
            ($this->clock)(),
        );

        return [$url, $signed];
    }

    /**
     * Null when attempt $attempt succeeded; the seconds to wait when a new attempt may cure its
     * failure (the body is rewound for it); else the S3Exception that says why it failed.
     *
     * @param list<int> $ok
     * @throws S3Exception
     */
    private function retryDelay(
        HttpResponse $response,
        ?RequestBody $body,
        array $ok,
        string $key,
        int $attempt,
    ): ?float {
        $error = $response->localError === '' ? $this->errorOf($response, $ok) : null;
        if ($response->localError === '' && $response->curlErrno === 0 && $error === null) {
            return null;
        }
        $retry = $this->config->retry;
        $retryable = $response->localError === ''
            && ($response->isNetworkFailure()
                ? in_array($response->curlErrno, NetworkErrno::RETRYABLE, true)
                : $retry->isRetryableStatus($response->status, $error['code'] ?? ''));
        $replayable = $body === null || $body->rewind();
        if (!$retryable || !$replayable || $attempt >= $retry->maxAttempts) {
            throw $this->exception($response, $error, $key, $attempt);
        }
        $retryAfter = $response->header('retry-after');
        $retryAfter = $retryAfter !== null && is_numeric($retryAfter) ? (float) $retryAfter : null;

        return $retry->delay($attempt, $retryAfter);
    }

    /**
     * The S3 error a response stands for, or null when it is a success.
     * A 200 can still carry an <Error> body (CompleteMultipartUpload).
     *
     * @param list<int> $ok
     * @return array{code: string, message: string, requestId: string}|null
     */
    private function errorOf(HttpResponse $response, array $ok): ?array
    {
        if ($response->curlErrno !== 0) {
            return null;
        }
        $error = S3Xml::error($response->body);
        if ($error !== null) {
            return $error;
        }
        if (in_array($response->status, $ok, true)) {
            return null;
        }
        if ($response->status >= 200 && $response->status < 300) {
            return [
                'code' => 'UnexpectedResponse',
                'message' => 'it answered HTTP ' . $response->status
                    . ' where ' . implode(' or ', $ok) . ' was expected',
                'requestId' => $response->header('x-amz-request-id') ?? '',
            ];
        }

        return [
            'code' => self::STATUS_CODES[$response->status] ?? 'HttpError' . $response->status,
            'message' => '',
            'requestId' => $response->header('x-amz-request-id') ?? '',
        ];
    }

    /** @param array{code: string, message: string, requestId: string}|null $error */
    private function exception(HttpResponse $response, ?array $error, string $key, int $attempts): S3Exception
    {
        $secret = $this->config->secret();
        if ($response->localError !== '') {
            return new S3Exception($response->localError, 'LocalStreamError', $response->status, $attempts);
        }
        if ($error === null) {
            $text = ErrorText::network($this->config, $response->curlErrno, $response->curlError, $attempts);

            return new S3NetworkError($secret->redact($text), $response->curlErrno, $attempts);
        }
        $text = ErrorText::server($this->config, $error['code'], $response->status, $error['message'], $key, $attempts);

        return new S3Exception(
            $secret->redact($text),
            $error['code'],
            $response->status,
            $attempts,
            $secret->redact($error['message']),
            $error['requestId'],
        );
    }
}
