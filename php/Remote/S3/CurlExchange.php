<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fread, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Remote\S3;

use CurlHandle;

/**
 * The state of one HTTP exchange while curl runs it: its callbacks feed the
 * body from its stream, collect the status and headers, and send the response
 * body to the sink (for an expected status) or to memory (XML, errors).
 */
final class CurlExchange
{
    /** Responses not streamed to a sink (XML documents, errors) are kept in memory up to this size. */
    private const MAX_BUFFERED = 8388608;

    private int $status = 0;
    /** @var array<string, string> */
    private array $headers = [];
    private string $buffer = '';
    private int $sunk = 0;
    private string $localError = '';
    private int $left;

    /**
     * @param resource|null $sink
     * @param list<int> $sinkStatuses
     */
    public function __construct(
        private readonly ?RequestBody $body,
        private readonly mixed $sink,
        private readonly array $sinkStatuses,
    ) {
        $this->left = $body === null ? 0 : $body->size;
    }

    public function onHeader(CurlHandle $curl, string $line): int
    {
        $text = rtrim($line, "\r\n");
        if (preg_match('#\AHTTP/\S+\s+(\d{3})#', $text, $match) === 1) {
            // A new status line (after "100 Continue") starts a new set of headers.
            $this->status = (int) $match[1];
            $this->headers = [];
        } elseif (str_contains($text, ':')) {
            [$name, $value] = explode(':', $text, 2);
            $name = strtolower(trim($name));
            $value = trim($value);
            $this->headers[$name] = isset($this->headers[$name]) ? $this->headers[$name] . ', ' . $value : $value;
        }

        return strlen($line);
    }

    public function onWrite(CurlHandle $curl, string $data): int
    {
        if ($this->sink !== null && in_array($this->status, $this->sinkStatuses, true)) {
            if (!self::writeAll($this->sink, $data)) {
                $this->localError = 'The downloaded data could not be written (is the disk full?).';

                return 0;
            }
            $this->sunk += strlen($data);

            return strlen($data);
        }
        if (strlen($this->buffer) + strlen($data) > self::MAX_BUFFERED) {
            $this->localError = 'The storage server sent an unexpectedly large response.';

            return 0;
        }
        $this->buffer .= $data;

        return strlen($data);
    }

    public function onRead(CurlHandle $curl, mixed $unused, int $length): string
    {
        $want = min($length, $this->left);
        if ($this->body === null || $want < 1) {
            return '';
        }
        $data = fread($this->body->stream, $want);
        if ($data === false || $data === '') {
            $this->localError = sprintf(
                'The body stream ended %d bytes before its announced size of %d.',
                $this->left,
                $this->body->size,
            );

            return '';
        }
        $this->left -= strlen($data);

        return $data;
    }

    /** Ending a body early would leave curl waiting for the server: this stops it instead. */
    public function onProgress(): int
    {
        return $this->localError === '' ? 0 : 1;
    }

    public function response(int $curlErrno, string $curlError): HttpResponse
    {
        return new HttpResponse(
            $this->status,
            $this->headers,
            $this->buffer,
            $this->sunk,
            $curlErrno,
            $curlError,
            $this->localError,
        );
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
