<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use DateTimeImmutable;
use DateTimeZone;
use LogicException;

/**
 * AWS Signature Version 4 in the Authorization header, as S3 defines it
 * (paths are not normalised and are encoded exactly once by the caller).
 */
final class SigV4Signer
{
    public const ALGORITHM = 'AWS4-HMAC-SHA256';
    public const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
    public const EMPTY_PAYLOAD = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

    /** @var array{string, Secret}|null the last derived key and its date: it opens a day of requests, so it is a secret too */
    private ?array $signingKey = null;

    public function __construct(
        private readonly string $accessKey,
        private readonly Secret $secret,
        private readonly string $region,
        private readonly string $service = 's3',
    ) {
    }

    /**
     * Adds x-amz-date, x-amz-content-sha256 and Authorization to $headers,
     * which must hold "host" and every other header that will be sent and signed.
     *
     * @param string $path the URI path, already encoded (UriEncoder::path)
     * @param array<string, string> $query unencoded names and values
     * @param array<string, string> $headers
     * @return array<string, string> the headers to send, names lower-case
     */
    public function sign(
        string $method,
        string $path,
        array $query,
        array $headers,
        string $payloadHash,
        DateTimeImmutable $at,
    ): array {
        $headers = self::lowerCaseNames($headers);
        $headers['x-amz-date'] = self::amzDate($at);
        $headers['x-amz-content-sha256'] = $payloadHash;
        $canonical = $this->canonicalRequest($method, $path, $query, $headers, $payloadHash);
        $signature = hash_hmac('sha256', $this->stringToSign($canonical, $at), $this->signingKey($at), false);
        $headers['authorization'] = self::ALGORITHM
            . ' Credential=' . $this->accessKey . '/' . $this->scope($at)
            . ',SignedHeaders=' . implode(';', array_keys(self::canonicalHeaders($headers)))
            . ',Signature=' . $signature;

        return $headers;
    }

    /**
     * @param array<string, string> $query
     * @param array<string, string> $headers
     */
    public function canonicalRequest(
        string $method,
        string $path,
        array $query,
        array $headers,
        string $payloadHash,
    ): string {
        $canonicalHeaders = self::canonicalHeaders($headers);
        $lines = '';
        foreach ($canonicalHeaders as $name => $value) {
            $lines .= $name . ':' . $value . "\n";
        }

        return strtoupper($method) . "\n"
            . ($path === '' ? '/' : $path) . "\n"
            . UriEncoder::query($query) . "\n"
            . $lines . "\n"
            . implode(';', array_keys($canonicalHeaders)) . "\n"
            . $payloadHash;
    }

    public function stringToSign(string $canonicalRequest, DateTimeImmutable $at): string
    {
        return self::ALGORITHM . "\n"
            . self::amzDate($at) . "\n"
            . $this->scope($at) . "\n"
            . hash('sha256', $canonicalRequest);
    }

    public function scope(DateTimeImmutable $at): string
    {
        return self::utc($at)->format('Ymd') . '/' . $this->region . '/' . $this->service . '/aws4_request';
    }

    public static function amzDate(DateTimeImmutable $at): string
    {
        return self::utc($at)->format('Ymd\THis\Z');
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return [
            'accessKey' => $this->accessKey,
            'secret' => '***',
            'region' => $this->region,
            'service' => $this->service,
        ];
    }

    /** @return array<string, mixed> */
    public function __serialize(): array
    {
        throw new LogicException('A request signer holds a secret and cannot be serialized.');
    }

    /** @param array<string, mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new LogicException('A request signer cannot be unserialized.');
    }

    /**
     * Lower-case names, values trimmed with inner runs of spaces collapsed,
     * sorted by name; a name given twice in different cases is joined with ",".
     *
     * @param array<string, string> $headers
     * @return array<string, string>
     */
    private static function canonicalHeaders(array $headers): array
    {
        $canonical = [];
        foreach ($headers as $name => $value) {
            $name = strtolower(trim((string) $name));
            $value = (string) preg_replace('/\s+/', ' ', trim($value));
            $canonical[$name] = isset($canonical[$name]) ? $canonical[$name] . ',' . $value : $value;
        }
        ksort($canonical, SORT_STRING);

        return $canonical;
    }

    /**
     * @param array<string, string> $headers
     * @return array<string, string>
     */
    private static function lowerCaseNames(array $headers): array
    {
        $lower = [];
        foreach ($headers as $name => $value) {
            $lower[strtolower((string) $name)] = $value;
        }

        return $lower;
    }

    private function signingKey(DateTimeImmutable $at): string
    {
        $date = self::utc($at)->format('Ymd');
        if ($this->signingKey === null || $this->signingKey[0] !== $date) {
            $key = hash_hmac('sha256', $date, 'AWS4' . $this->secret->reveal(), true);
            foreach ([$this->region, $this->service, 'aws4_request'] as $part) {
                $key = hash_hmac('sha256', $part, $key, true);
            }
            $this->signingKey = [$date, new Secret($key)];
        }

        return $this->signingKey[1]->reveal();
    }

    private static function utc(DateTimeImmutable $at): DateTimeImmutable
    {
        return $at->setTimezone(new DateTimeZone('UTC'));
    }
}
