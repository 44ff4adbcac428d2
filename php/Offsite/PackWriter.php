<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\TempFiles;

/**
 * Builds one pack in a temporary file of the local store: objects end to end, each sealed on its
 * own when a Sealer is set (so one can be read back alone with a ranged GET), and its index.
 * A pack stays below the size the bucket takes in one PUT.
 */
final class PackWriter
{
    /** Below S3Bucket::MULTIPART_ABOVE even when sealing adds its bytes: one PUT per pack. */
    public const TARGET_BYTES = 15 * 1048576;

    public readonly string $id;
    private readonly string $path;
    /** @var resource */
    private $file;
    /** @var list<array{string, int}> */
    private array $objects = [];
    private int $size = 0;

    public function __construct(
        string $tempDir,
        private readonly ?Sealer $sealer,
        private readonly int $targetBytes = self::TARGET_BYTES,
    ) {
        $this->id = PackIndex::newPackId();
        Durable::makeDir($tempDir);
        $this->path = TempFiles::name($tempDir, 'pack');
        $file = Durable::open($this->path, 'x+b');
        if (false === $file) {
            throw new OffsiteException('Could not write into the local store.');
        }
        $this->file = $file;
    }

    /** Whether an object of $bytes fits (an empty pack takes any one object, however large). */
    public function hasRoomFor(int $bytes): bool
    {
        return [] === $this->objects
            || ($this->size + $bytes <= $this->targetBytes && count($this->objects) < PackIndex::MAX_OBJECTS);
    }

    public function isEmpty(): bool
    {
        return [] === $this->objects;
    }

    /**
     * Adds an object as the local store keeps it ($size bytes), sealed when encrypted.
     *
     * @param resource $plain read to its end
     */
    public function add(string $name, $plain, int $size): void
    {
        $length = null === $this->sealer
            ? (int) stream_copy_to_stream($plain, $this->file)
            : $this->sealer->seal($plain, $this->file);
        // A short read would put a cut object in the pack, and mark it as sent.
        if (!feof($plain) || (null === $this->sealer && $length !== $size)) {
            throw new OffsiteException('Could not read an object of the local store whole to copy it off-site.');
        }
        $this->added($name, $length);
    }

    /**
     * Adds an object exactly as another pack holds it (already sealed when encrypted).
     *
     * @param resource $from
     */
    public function copy(string $name, $from, int $offset, int $length): void
    {
        // stream_copy_to_stream() does not seek for an offset of 0: seek here.
        if (0 !== fseek($from, $offset) || $length !== stream_copy_to_stream($from, $this->file, $length)) {
            throw new OffsiteException('Could not copy an object between packs in the local store.');
        }
        $this->added($name, $length);
    }

    public function size(): int
    {
        return $this->size;
    }

    public function index(): PackIndex
    {
        return new PackIndex($this->id, $this->objects);
    }

    /** @return resource the pack's bytes, from the start */
    public function body()
    {
        if (!fflush($this->file) || !rewind($this->file)) {
            throw new OffsiteException('Could not read a pack back from the local store.');
        }

        return $this->file;
    }

    /** @return list<string> the names of the objects in the pack */
    public function names(): array
    {
        return array_column($this->objects, 0);
    }

    public function close(): void
    {
        if (is_resource($this->file)) {
            fclose($this->file);
        }
        @unlink($this->path);
    }

    public function __destruct()
    {
        $this->close();
    }

    private function added(string $name, int $length): void
    {
        if ($length < 1) {
            throw new OffsiteException('Could not write a pack into the local store.');
        }
        $this->objects[] = [$name, $length];
        $this->size += $length;
    }
}
