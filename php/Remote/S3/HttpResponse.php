<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

/**
 * What came back from one HTTP exchange. A network failure has an error number
 * in curl's numbering (NetworkErrno, whichever transport carried it) and may still
 * carry a status and the bytes already delivered; a failure on this side (sink not
 * writable, body stream too short) has $localError.
 */
final class HttpResponse
{
    /** @param array<string, string> $headers names in lower case */
    public function __construct(
        public readonly int $status,
        public readonly array $headers,
        public readonly string $body,
        public readonly int $sunkBytes = 0,
        public readonly int $curlErrno = 0,
        public readonly string $curlError = '',
        public readonly string $localError = '',
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    public function isNetworkFailure(): bool
    {
        return $this->curlErrno !== 0 && $this->localError === '';
    }

    /** @return array<string, string> the x-amz-meta-* headers, without the prefix */
    public function metadata(): array
    {
        $metadata = [];
        foreach ($this->headers as $name => $value) {
            if (str_starts_with($name, 'x-amz-meta-')) {
                $metadata[substr($name, 11)] = $value;
            }
        }

        return $metadata;
    }
}
