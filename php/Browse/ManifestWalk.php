<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * A forward walk over a snapshot's files manifest, one piece in memory at a time, that can jump.
 *
 * The manifest is sorted (Manifest\PathOrder: a folder, then its contents) and cut into pieces, so a
 * run of entries at its head (everything before a path, a folder's subtree) ends in a piece found by a
 * binary search over the pieces' first paths: a few pieces read instead of every one before it. Each
 * entry handed out must come after the one before it; a manifest out of order is DamagedManifest (the
 * pieces a jump passes over are not read, and so not checked).
 */
final class ManifestWalk
{
    /** First paths of pieces remembered for jumps, at most this many (a few bytes each). */
    private const REMEMBERED_PIECES = 4096;

    private PieceReader $reader;
    private ?Entry $head = null;
    private ?string $last = null;
    /** @var array<int, string> piece index => path of its first line */
    private array $firstPaths = [];

    /** @param list<string> $pieces the snapshot's files manifest pieces, in order */
    public function __construct(private readonly ObjectStore $objects, private readonly array $pieces)
    {
        $this->reader = new PieceReader($objects, $pieces);
    }

    /** The next entry without consuming it; null at the end. */
    public function peek(): ?Entry
    {
        if (null === $this->head) {
            $line = $this->reader->peek();
            if (null === $line) {
                return null;
            }
            $entry = self::parse($line);
            if (null !== $this->last && PathOrder::compare($this->last, $entry->path) >= 0) {
                throw DamagedManifest::outOfOrder($entry->path, $this->last);
            }
            $this->head = $entry;
        }
        return $this->head;
    }

    public function next(): ?Entry
    {
        $entry = $this->peek();
        if (null !== $entry) {
            $this->reader->advance();
            $this->last = $entry->path;
            $this->head = null;
        }
        return $entry;
    }

    /**
     * Passes every entry at the head for which $before says true. They must be a run at the head (in
     * PathOrder: those before a path, or those below a folder just passed), so whole pieces of them are
     * passed over unread.
     * @param \Closure(string): bool $before given a path
     */
    public function skipWhile(\Closure $before): void
    {
        if (null === $this->peek()) {
            return;
        }
        $piece = $this->reader->pieceIndex();
        $count = count($this->pieces);
        if ($piece + 1 < $count && $before($this->firstPath($piece + 1))) {
            $low  = $piece + 1;
            $high = $count - 1;
            while ($low < $high) {
                $middle = intdiv($low + $high + 1, 2);
                if ($before($this->firstPath($middle))) {
                    $low = $middle;
                } else {
                    $high = $middle - 1;
                }
            }
            $this->jumpTo($low);
        }
        while (null !== ($entry = $this->peek()) && $before($entry->path)) {
            $this->next();
        }
    }

    /**
     * The hash of the piece the next entry begins, when it is that piece's first line; null otherwise
     * (and at the end). Two walks at the start of pieces of the same hash face the same entries.
     */
    public function pieceAtStart(): ?string
    {
        if (null === $this->peek()) {
            return null;
        }
        [$piece, $offset] = $this->reader->position();
        return 0 === $offset ? $this->pieces[$piece] : null;
    }

    /** Passes over the rest of the current piece. */
    public function skipPiece(): void
    {
        if (null !== $this->peek()) {
            $this->jumpTo($this->reader->pieceIndex() + 1);
        }
    }

    private function jumpTo(int $piece): void
    {
        $this->reader = PieceReader::at($this->objects, $this->pieces, [$piece, 0]);
        $this->head   = null;
        $this->last   = null;
    }

    private function firstPath(int $piece): string
    {
        if (!isset($this->firstPaths[$piece])) {
            $line = (new PieceReader($this->objects, [$this->pieces[$piece]]))->peek();
            if (null === $line) {
                throw DamagedManifest::emptyPiece($piece);
            }
            if (count($this->firstPaths) >= self::REMEMBERED_PIECES) {
                $this->firstPaths = [];
            }
            $this->firstPaths[$piece] = self::parse($line)->path;
        }
        return $this->firstPaths[$piece];
    }

    private static function parse(string $line): Entry
    {
        try {
            $entry = Entry::fromJson($line);
        } catch (\JsonException | \UnexpectedValueException $e) {
            throw DamagedManifest::line('list of files', $e->getMessage());
        }
        if ('' === $entry->path) {
            throw DamagedManifest::line('list of files', 'an entry without a path');
        }
        return $entry;
    }
}
