<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fread, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

/**
 * Client-side encryption of what goes off-site: libsodium's secretstream (XChaCha20-Poly1305),
 * authenticated in 64 KB blocks, the last one tagged final so a cut-off copy is refused too.
 * A copy opened with another key fails with a clear message, never with garbage.
 */
final class Sealer
{
    private const MAGIC = "SBSEAL1\n";
    private const BLOCK = 65536;

    private function __construct(#[\SensitiveParameter] private readonly string $key)
    {
    }

    /** @param string $encoded 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`) */
    public static function fromEncodedKey(#[\SensitiveParameter] string $encoded): self
    {
        $key = base64_decode(trim($encoded), true);
        if (!is_string($key) || SODIUM_CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_KEYBYTES !== strlen($key)) {
            throw new OffsiteException('The off-site encryption key must be 32 random bytes, base64-encoded (openssl rand -base64 32).');
        }

        return new self($key);
    }

    /** A name for $hash that reveals nothing of the content behind it without the key. */
    public function nameFor(string $hash): string
    {
        return hash_hmac('sha256', 'object ' . $hash, $this->key);
    }

    /** A value that tells whether a later key is the same, without revealing it. */
    public function keyCheck(): string
    {
        return hash_hmac('sha256', 'site-backups key check', $this->key);
    }

    /**
     * @param resource $in
     * @param resource $out
     * @return int bytes written
     */
    public function seal($in, $out): int
    {
        [$state, $header] = sodium_crypto_secretstream_xchacha20poly1305_init_push($this->key);
        $written = self::write($out, self::MAGIC . $header);
        $block = self::read($in);
        do {
            $next = self::read($in);
            $tag = '' === $next ? SODIUM_CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL : SODIUM_CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_MESSAGE;
            $written += self::write($out, sodium_crypto_secretstream_xchacha20poly1305_push($state, $block, '', $tag));
            $block = $next;
        } while (SODIUM_CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL !== $tag);

        return $written;
    }

    /**
     * @param resource $in
     * @param resource $out
     * @return int plain bytes written
     */
    public function open($in, $out, string $what): int
    {
        $head = self::readExactly($in, strlen(self::MAGIC) + SODIUM_CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_HEADERBYTES);
        if (!str_starts_with($head, self::MAGIC)) {
            throw new OffsiteException("The off-site copy of $what is not encrypted with Site Backups' format.");
        }
        $state = sodium_crypto_secretstream_xchacha20poly1305_init_pull(substr($head, strlen(self::MAGIC)), $this->key);
        $written = 0;
        while (true) {
            $sealed = self::readExactly($in, self::BLOCK + SODIUM_CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_ABYTES);
            if ('' === $sealed) {
                throw new OffsiteException("The off-site copy of $what is cut short.");
            }
            $opened = sodium_crypto_secretstream_xchacha20poly1305_pull($state, $sealed);
            if (false === $opened) {
                throw new OffsiteException("The off-site copy of $what could not be decrypted: the encryption key is not the one it was made with, or the copy is damaged.");
            }
            [$plain, $tag] = $opened;
            $written += self::write($out, $plain);
            if (SODIUM_CRYPTO_SECRETSTREAM_XCHACHA20POLY1305_TAG_FINAL === $tag) {
                if ('' !== self::readExactly($in, 1)) {
                    throw new OffsiteException("The off-site copy of $what has bytes after its end.");
                }
                return $written;
            }
        }
    }

    /** @param resource $in */
    private static function read($in): string
    {
        return self::readExactly($in, self::BLOCK);
    }

    /** @param resource $in */
    private static function readExactly($in, int $length): string
    {
        $data = '';
        while (strlen($data) < $length && !feof($in)) {
            $part = fread($in, max(1, $length - strlen($data)));
            if (false === $part) {
                throw new OffsiteException('Reading for encryption failed.');
            }
            if ('' === $part && feof($in)) {
                break;
            }
            $data .= $part;
        }

        return $data;
    }

    /** @param resource $out */
    private static function write($out, string $bytes): int
    {
        $done = 0;
        while ($done < strlen($bytes)) {
            $wrote = fwrite($out, substr($bytes, $done));
            if (false === $wrote || 0 === $wrote) {
                throw new OffsiteException('Writing an encrypted copy failed.');
            }
            $done += $wrote;
        }

        return $done;
    }

    public function __debugInfo(): array
    {
        return ['key' => '(hidden)'];
    }

    public function __serialize(): array
    {
        throw new \LogicException('The encryption key is not serialised.');
    }
}
