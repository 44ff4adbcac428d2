<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.parse_url_parse_url -- the engine runs without WordPress (php/README.md), where wp_parse_url() does not exist; PHP 8.1 and later parse URLs consistently.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Remote\S3;

use InvalidArgumentException;
use LogicException;

/**
 * Where the S3-compatible storage is and how to sign in. Path-style addressing
 * (http://host:port/bucket/key) by default; virtual-host style
 * (https://bucket.host/key) on request. The secret never appears in dumps,
 * exports, serialization or messages.
 */
final class S3Config
{
    public readonly string $endpoint;
    public readonly string $scheme;
    public readonly string $host;
    public readonly ?int $port;
    /** a path the endpoint itself lives under, "" or "/prefix" */
    public readonly string $basePath;
    private readonly Secret $secret;

    /**
     * @param float $connectTimeout seconds to establish a connection
     * @param float $timeout seconds a whole request may take, 0 for no limit
     */
    public function __construct(
        string $endpoint,
        public readonly string $region,
        public readonly string $bucket,
        public readonly string $accessKey,
        #[\SensitiveParameter] string|Secret $secret,
        public readonly bool $virtualHosted = false,
        public readonly float $connectTimeout = 10.0,
        public readonly float $timeout = 300.0,
        public readonly RetryPolicy $retry = new RetryPolicy(),
    ) {
        $parts = parse_url($endpoint);
        $scheme = strtolower((string) ($parts['scheme'] ?? ''));
        if ($parts === false || !in_array($scheme, ['http', 'https'], true) || ($parts['host'] ?? '') === '') {
            throw new InvalidArgumentException(
                'The S3 endpoint must be an http:// or https:// URL, got "' . $endpoint . '".'
            );
        }
        if (isset($parts['user']) || isset($parts['pass']) || isset($parts['query']) || isset($parts['fragment'])) {
            // Credentials in the URL would end up in messages and logs.
            throw new InvalidArgumentException(
                'The S3 endpoint must be a plain URL without user, password, query or fragment.'
            );
        }
        self::checkBucket($bucket, $virtualHosted);
        if ($region === '' || $accessKey === '') {
            throw new InvalidArgumentException('The S3 region and access key must not be empty.');
        }
        if ($connectTimeout <= 0 || $timeout < 0) {
            throw new InvalidArgumentException('Timeouts must be positive (the total timeout may be 0 for none).');
        }
        $this->scheme = $scheme;
        $this->host = strtolower((string) $parts['host']);
        $this->port = isset($parts['port']) ? (int) $parts['port'] : null;
        $this->basePath = rtrim((string) ($parts['path'] ?? ''), '/');
        $this->endpoint = $scheme . '://' . $this->hostHeader('') . $this->basePath;
        $this->secret = $secret instanceof Secret ? $secret : new Secret($secret);
    }

    public function secret(): Secret
    {
        return $this->secret;
    }

    public function withBucket(string $bucket): self
    {
        return new self(
            $this->endpoint,
            $this->region,
            $bucket,
            $this->accessKey,
            $this->secret,
            $this->virtualHosted,
            $this->connectTimeout,
            $this->timeout,
            $this->retry,
        );
    }

    public function withSecret(#[\SensitiveParameter] string|Secret $secret): self
    {
        return new self(
            $this->endpoint,
            $this->region,
            $this->bucket,
            $this->accessKey,
            $secret,
            $this->virtualHosted,
            $this->connectTimeout,
            $this->timeout,
            $this->retry,
        );
    }

    public function withRetry(RetryPolicy $retry, ?float $connectTimeout = null, ?float $timeout = null): self
    {
        return new self(
            $this->endpoint,
            $this->region,
            $this->bucket,
            $this->accessKey,
            $this->secret,
            $this->virtualHosted,
            $connectTimeout ?? $this->connectTimeout,
            $timeout ?? $this->timeout,
            $retry,
        );
    }

    /** The Host header for a request: the bucket is part of it in virtual-host style. */
    public function hostHeader(string $bucket): string
    {
        $host = $this->host;
        if (str_contains($host, ':') && !str_starts_with($host, '[')) {
            $host = '[' . $host . ']';
        }
        if ($bucket !== '' && $this->virtualHosted) {
            $host = $bucket . '.' . $host;
        }
        $defaultPort = $this->scheme === 'https' ? 443 : 80;

        return $this->port === null || $this->port === $defaultPort ? $host : $host . ':' . $this->port;
    }

    /** The encoded URI path of a key (or of the bucket itself when $key is ""). */
    public function path(string $bucket, string $key = ''): string
    {
        $path = $this->basePath;
        if ($bucket !== '' && !$this->virtualHosted) {
            // "/bucket" for the bucket itself, as AWS's own clients send it.
            return $path . '/' . $bucket . ($key === '' ? '' : '/' . UriEncoder::path($key));
        }

        return $path . '/' . UriEncoder::path($key);
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return [
            'endpoint' => $this->endpoint,
            'region' => $this->region,
            'bucket' => $this->bucket,
            'accessKey' => $this->accessKey,
            'secret' => '***',
            'virtualHosted' => $this->virtualHosted,
            'connectTimeout' => $this->connectTimeout,
            'timeout' => $this->timeout,
            'retry' => $this->retry,
        ];
    }

    /** @return array<string, mixed> */
    public function __serialize(): array
    {
        throw new LogicException(
            'S3Config holds a secret and cannot be serialized; store its fields without the secret instead.'
        );
    }

    /** @param array<string, mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new LogicException('S3Config cannot be unserialized.');
    }

    private static function checkBucket(string $bucket, bool $virtualHosted): void
    {
        // S3's naming rules; virtual-host style also needs a DNS label, so no dots there
        // (a dot would break the TLS wildcard certificate).
        $pattern = $virtualHosted ? '/\A[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\z/' : '/\A[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\z/';
        if (preg_match($pattern, $bucket) !== 1 || str_contains($bucket, '..')) {
            throw new InvalidArgumentException(
                'The bucket name "' . $bucket . '" is not valid: use 3 to 63 lower-case letters, digits and hyphens.'
            );
        }
    }
}
