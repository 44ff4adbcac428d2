<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

/**
 * Where each object is among the bucket's packs, from their indexes, read once on the first
 * question. Kept compact: 20 bytes per object, keyed by its 32-byte name. An index that cannot be
 * read or is damaged leaves its objects unfound, and the reason is kept for the message.
 */
final class PackLookup
{
    /** Indexes read side by side. */
    private const SIDE_BY_SIDE = 16;

    /** @var array<string, string>|null binary name => pack number, offset and length */
    private ?array $where = null;
    /** @var list<string> pack ids by number */
    private array $packs = [];
    private ?OffsiteException $damage = null;

    public function __construct(
        private readonly Bucket $bucket,
        private readonly SealedTransfer $transfer,
        private readonly OffsiteLayout $layout,
    ) {
    }

    /** @return array{string, int, int}|null the pack, offset and length of the object named $name */
    public function find(string $name): ?array
    {
        if (null === $this->where) {
            $this->load();
        }
        $at = $this->where[(string) hex2bin($name)] ?? null;
        if (null === $at) {
            return null;
        }
        ['pack' => $pack, 'offset' => $offset, 'length' => $length] = (array) unpack('Npack/Joffset/Jlength', $at);

        return [$this->packs[(int) $pack], (int) $offset, (int) $length];
    }

    /** Why some objects may not be found: the first index that could not be read, if any. */
    public function damage(): ?OffsiteException
    {
        return $this->damage;
    }

    private function load(): void
    {
        $this->where = [];
        $packs = [];
        foreach ($this->bucket->list(OffsiteLayout::INDEXES) as $key => $size) {
            $pack = OffsiteLayout::packOfIndex((string) $key);
            if (null !== $pack) {
                $packs[] = $pack;
            }
        }
        foreach (array_chunk($packs, self::SIDE_BY_SIDE) as $batch) {
            $this->read($batch);
        }
    }

    /** @param list<string> $batch pack ids */
    private function read(array $batch): void
    {
        $streams = [];
        try {
            foreach ($batch as $pack) {
                $stream = fopen('php://temp', 'w+b');
                if (false === $stream) {
                    throw new OffsiteException('Could not open a temporary stream.');
                }
                $streams[] = $stream;
            }
            $results = $this->transfer->downloadAll(array_map(
                fn (string $pack, $stream): array => ['key' => $this->layout->indexKey($pack), 'out' => $stream, 'what' => "the index of pack $pack"],
                $batch,
                $streams,
            ));
            foreach ($results as $i => $result) {
                try {
                    if ($result instanceof OffsiteException) {
                        throw $result;
                    }
                    rewind($streams[$i]);
                    $this->add(PackIndex::parse($batch[$i], (string) stream_get_contents($streams[$i])));
                } catch (OffsiteException $e) {
                    $this->damage ??= $e;
                }
            }
        } finally {
            array_map('fclose', $streams);
        }
    }

    private function add(PackIndex $index): void
    {
        $number = count($this->packs);
        $this->packs[] = $index->pack;
        foreach ($index->objects() as [$name, $offset, $length]) {
            // The same object may sit in two packs (a rewrite cut short): either copy serves.
            $this->where[(string) hex2bin($name)] ??= pack('NJJ', $number, $offset, $length);
        }
    }
}
