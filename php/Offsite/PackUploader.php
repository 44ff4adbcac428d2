<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Offsite;

/**
 * Sends packs side by side, then the index of each one that went (sealed when encrypted). A pack
 * is in the bucket only once its index is: one whose index never followed is an upload cut
 * short, which the bucket's retention sweeps.
 */
final class PackUploader
{
    public function __construct(
        private readonly Bucket $bucket,
        private readonly SealedTransfer $transfer,
        private readonly OffsiteLayout $layout,
    ) {
    }

    /**
     * @param list<PackWriter> $packs
     * @return list<int|OffsiteException> in the order of $packs: the bytes sent for it and its
     *         index, or why it failed
     */
    public function uploadAll(array $packs): array
    {
        $failures = $this->bucket->putAll(array_map(
            fn (PackWriter $pack): array => ['key' => $this->layout->packKey($pack->id), 'body' => $pack->body(), 'size' => $pack->size()],
            $packs,
        ));
        $went = array_keys(array_filter($failures, static fn (?OffsiteException $failure): bool => null === $failure));
        $indexes = [];
        try {
            foreach ($went as $i) {
                $bytes = $packs[$i]->index()->bytes();
                $indexes[] = ['key' => $this->layout->indexKey($packs[$i]->id), 'plain' => TempStream::of($bytes), 'size' => strlen($bytes)];
            }
            $sent = $this->transfer->uploadAll($indexes);
        } finally {
            foreach ($indexes as $index) {
                fclose($index['plain']);
            }
        }
        $results = [];
        foreach ($packs as $i => $pack) {
            $n = array_search($i, $went, true);
            $results[] = match (true) {
                null !== $failures[$i] => $failures[$i],
                false === $n => new OffsiteException('A pack was sent without its index.'),
                $sent[$n] instanceof OffsiteException => $sent[$n],
                default => $pack->size() + $sent[$n],
            };
        }

        return $results;
    }
}
