<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * The paths that differ between two snapshots: a merge-walk of their two manifests, both sorted in
 * PathOrder, one piece of each in memory. Pieces are cut where the content says (after a path whose
 * crc32 ends in a zero byte), so unchanged runs of a site make the same pieces in both snapshots:
 * when both walks stand at the start of pieces of the same hash, that piece is passed over on both
 * sides unread. A page goes on from the last path of the one before by a jump in each (ManifestWalk).
 */
final class FileChanges
{
    /**
     * @param list<string> $before the older snapshot's files manifest pieces
     * @param list<string> $after the newer snapshot's
     */
    public function __construct(
        private readonly ObjectStore $objects,
        private readonly array $before,
        private readonly array $after,
    ) {
    }

    /**
     * @param string|null $after the last path of the page before (ChangesPage::$next)
     * @throws DamagedManifest when a manifest cannot be read as the format writes it
     */
    public function page(?string $after = null, int $limit = Paging::DEFAULT_LIMIT): ChangesPage
    {
        $after   = Paging::cursor($after);
        $limit   = Paging::limit($limit);
        $changes = [];
        foreach ($this->all($after) as $change) {
            if (count($changes) === $limit) {
                return new ChangesPage($changes, $changes[$limit - 1]->path);
            }
            $changes[] = $change;
        }
        return new ChangesPage($changes, null);
    }

    /**
     * Every difference after the path $after, in manifest order.
     * @return \Generator<int, FileChange>
     */
    public function all(?string $after = null): \Generator
    {
        $old = new ManifestWalk($this->objects, $this->before);
        $new = new ManifestWalk($this->objects, $this->after);
        if (null !== $after) {
            $passed = static fn (string $path): bool => PathOrder::compare($path, $after) <= 0;
            $old->skipWhile($passed);
            $new->skipWhile($passed);
        }
        while (true) {
            $piece = $old->pieceAtStart();
            if (null !== $piece && $piece === $new->pieceAtStart()) {
                $old->skipPiece();
                $new->skipPiece();
                continue;
            }
            $before = $old->peek();
            $later  = $new->peek();
            $order  = null !== $before && null !== $later ? PathOrder::compare($before->path, $later->path) : 0;
            if (null !== $before && (null === $later || $order < 0)) {
                $old->next();
                yield FileChange::removed($before);
            } elseif (null !== $later && (null === $before || $order > 0)) {
                $new->next();
                yield FileChange::added($later);
            } elseif (null !== $before && null !== $later) {
                $old->next();
                $new->next();
                $change = FileChange::between($before, $later);
                if (null !== $change) {
                    yield $change;
                }
            } else {
                return;
            }
        }
    }
}
