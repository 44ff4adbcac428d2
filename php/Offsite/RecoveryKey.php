<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/**
 * A site's recovery key: 32 random bytes that authenticate its snapshot records in the bucket, so
 * a record written by anyone else (another site sharing the bucket, someone holding its keys) is
 * told apart from the site's own. Records are signed with a subkey derived from it (HKDF-SHA256),
 * never with the key itself; its id is a keyed hash that says which key signed without revealing it.
 */
final class RecoveryKey
{
    public const BYTES = 32;

    private const SIGNING = 'site-backups record signatures v1';

    private readonly string $signingKey;

    private function __construct(#[\SensitiveParameter] private readonly string $bytes)
    {
        $this->signingKey = hash_hkdf('sha256', $bytes, 32, self::SIGNING);
    }

    public static function generate(): self
    {
        return new self(random_bytes(self::BYTES));
    }

    /** @param string $encoded 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`) */
    public static function fromEncoded(#[\SensitiveParameter] string $encoded): self
    {
        $bytes = base64_decode(trim($encoded), true);
        if (!is_string($bytes) || self::BYTES !== strlen($bytes)) {
            throw new OffsiteException(
                'The recovery key must be 32 random bytes, base64-encoded (openssl rand -base64 32).'
            );
        }

        return new self($bytes);
    }

    /** The key as an administrator keeps it: base64. */
    public function encoded(): string
    {
        return base64_encode($this->bytes);
    }

    /** Names the key in signatures: equal for the same key, and says nothing about it. */
    public function id(): string
    {
        return substr(hash_hmac('sha256', 'site-backups recovery key id', $this->signingKey), 0, 16);
    }

    /** The MAC of a record's exact bytes under its id: the same bytes under another id do not match. */
    public function mac(string $id, string $record): string
    {
        $message = 'site-backups record ' . strlen($id) . ':' . $id . "\n" . $record;

        return hash_hmac('sha256', $message, $this->signingKey);
    }

    public function __debugInfo(): array
    {
        return ['key' => '(hidden)'];
    }

    public function __serialize(): array
    {
        throw new \LogicException('The recovery key is not serialised.');
    }
}
