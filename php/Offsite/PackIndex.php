<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

/**
 * What one pack holds: its objects' names and lengths, end to end from offset 0, so every
 * offset follows from the lengths and an index cannot point outside its pack or overlap.
 *
 * Bytes: "SBPACK1\n", the pack's id (16 bytes), then 40 bytes per object (its name, 32 bytes;
 * its length in the pack, 8 bytes big-endian). An index read from the bucket is untrusted: it is
 * refused unless it names the very pack it was stored for and every length is sane.
 */
final class PackIndex
{
    /** Keeps an index small (160 KB) whatever the objects' sizes. */
    public const MAX_OBJECTS = 4096;
    /** The most bytes an index takes in the bucket, sealed (64 KB blocks with their tags, and a header) or not. */
    public const MAX_STORED_BYTES = self::HEAD + self::ENTRY * self::MAX_OBJECTS + 4096;
    private const MAGIC = "SBPACK1\n";
    private const ENTRY = 40;
    private const HEAD = 24;
    /** No pack is near this; a length past it is damage. */
    private const MAX_LENGTH = 1 << 40;

    /** @param list<array{string, int}> $objects name (64 hex digits) and length, in pack order */
    public function __construct(public readonly string $pack, private readonly array $objects)
    {
    }

    public static function isPackId(string $id): bool
    {
        return 1 === preg_match('/\A[0-9a-f]{32}\z/', $id);
    }

    public static function newPackId(): string
    {
        return bin2hex(random_bytes(16));
    }

    /** The most objects an index of $bytes bytes can hold (encrypted ones only take more room). */
    public static function capacity(int $bytes): int
    {
        return intdiv(max(0, $bytes - self::HEAD), self::ENTRY);
    }

    public function bytes(): string
    {
        $bytes = self::MAGIC . (string) hex2bin($this->pack);
        foreach ($this->objects as [$name, $length]) {
            $bytes .= (string) hex2bin($name) . pack('J', $length);
        }

        return $bytes;
    }

    /** @throws OffsiteException when the bytes are not an index of $pack */
    public static function parse(string $pack, string $bytes): self
    {
        $damaged = static fn (string $why): OffsiteException => new OffsiteException("The off-site index of pack $pack is damaged: $why.");
        if (!self::isPackId($pack) || !str_starts_with($bytes, self::MAGIC)) {
            throw $damaged('it is not a pack index');
        }
        if (substr($bytes, strlen(self::MAGIC), 16) !== hex2bin($pack)) {
            throw $damaged('it belongs to another pack');
        }
        $count = (strlen($bytes) - self::HEAD) / self::ENTRY;
        if (!is_int($count) || $count < 1 || $count > self::MAX_OBJECTS) {
            throw $damaged('its length is wrong');
        }
        $objects = [];
        for ($at = self::HEAD; $at < strlen($bytes); $at += self::ENTRY) {
            $length = (int) (unpack('J', $bytes, $at + 32) ?: [1 => 0])[1];
            if ($length < 1 || $length > self::MAX_LENGTH) {
                throw $damaged('an object length is out of range');
            }
            $objects[] = [bin2hex(substr($bytes, $at, 32)), $length];
        }

        return new self($pack, $objects);
    }

    /** @return \Generator<int, array{string, int, int}> name, offset and length of each object, in pack order */
    public function objects(): \Generator
    {
        $offset = 0;
        foreach ($this->objects as [$name, $length]) {
            yield [$name, $offset, $length];
            $offset += $length;
        }
    }

    public function count(): int
    {
        return count($this->objects);
    }

    /** The pack's length in bytes. */
    public function size(): int
    {
        return array_sum(array_column($this->objects, 1));
    }
}
