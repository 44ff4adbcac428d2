<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use RuntimeException;
use Throwable;

/**
 * A request to the storage failed. $errorCode is S3's code (NoSuchBucket,
 * SignatureDoesNotMatch, ...), or NetworkError / LocalStreamError for failures
 * on this side; the message is written for a site administrator and never
 * holds the secret.
 */
class S3Exception extends RuntimeException
{
    public function __construct(
        string $message,
        public readonly string $errorCode,
        public readonly int $httpStatus = 0,
        public readonly int $attempts = 1,
        public readonly string $serverMessage = '',
        public readonly string $requestId = '',
        ?Throwable $previous = null,
    ) {
        parent::__construct($message, 0, $previous);
    }

    /** The server answered with something this client cannot use. */
    public static function malformed(string $what): self
    {
        return new self(
            'The storage server sent an answer this client cannot use: ' . $what . '.',
            'MalformedResponse',
        );
    }
}
