<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

/** The storage server could not be reached or the connection broke (errorCode "NetworkError"). */
final class S3NetworkError extends S3Exception
{
    public const CODE = 'NetworkError';

    public function __construct(string $message, public readonly int $curlErrno, int $attempts)
    {
        parent::__construct($message, self::CODE, 0, $attempts);
    }
}
