<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use InvalidArgumentException;

/**
 * How often and how patiently a failed request is tried again: exponential
 * backoff with jitter, so many sites retrying at once do not hit the server in step.
 * A request with a body is retried only when its stream can seek back to its start.
 */
final class RetryPolicy
{
    /** HTTP statuses that mean "try again later", whatever the body says. */
    private const RETRY_STATUSES = [500, 502, 503, 504];

    /** S3 error codes that are transient even when the status is not 5xx. */
    private const RETRY_CODES = ['SlowDown', 'InternalError', 'ServiceUnavailable', 'RequestTimeout'];

    public function __construct(
        public readonly int $maxAttempts = 4,
        public readonly float $baseDelay = 0.5,
        public readonly float $maxDelay = 20.0,
    ) {
        if ($maxAttempts < 1) {
            throw new InvalidArgumentException('maxAttempts must be at least 1.');
        }
        if ($baseDelay < 0 || $maxDelay < $baseDelay) {
            throw new InvalidArgumentException('Delays must satisfy 0 <= baseDelay <= maxDelay.');
        }
    }

    public static function never(): self
    {
        return new self(1, 0.0, 0.0);
    }

    public function isRetryableStatus(int $status, string $errorCode): bool
    {
        return in_array($status, self::RETRY_STATUSES, true) || in_array($errorCode, self::RETRY_CODES, true);
    }

    /**
     * Seconds to wait after failed attempt number $attempt (1-based): half of
     * base * 2^(attempt-1), capped, plus a random share of the other half.
     * A server's Retry-After wins when it asks for longer, within maxDelay.
     */
    public function delay(int $attempt, ?float $retryAfter = null): float
    {
        $ceiling = min($this->maxDelay, $this->baseDelay * 2 ** max(0, $attempt - 1));
        $delay = $ceiling / 2 + ($ceiling / 2) * (random_int(0, 1000) / 1000);
        if ($retryAfter !== null && $retryAfter > $delay) {
            $delay = min($retryAfter, $this->maxDelay);
        }

        return $delay;
    }
}
