<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.

namespace SiteBackups\Engine\Files;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Engine\Store\CompressionPolicy;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * The files half of a backup: walks the site in manifest order, records one entry per path and
 * stores file contents as fixed-size chunks. Unchanged files (same size, mtime and inode as in
 * the parent snapshot, read alongside in the same order) keep their chunks without being read.
 * Paths are the SiteTree's canonical ones, wherever the site keeps the files.
 * Files the SecretRedaction names (wp-config.php) are stored with their secrets removed.
 * With a SnapshotScope, only its paths are taken, with the folders that lead to them.
 */
final class FilesPhase
{
    private const READ_BLOCK = 1048576;
    private const S_IFMT     = 0170000;
    private const S_IFDIR    = 0040000;
    private const S_IFREG    = 0100000;
    private const S_IFLNK    = 0120000;
    /** A configuration file is a few kilobytes; tokenizing one far larger would not fit in a shared host's memory. */
    private const REDACT_MAX_BYTES = 262144;

    private ?TreeWalker $walker = null;
    private ?PieceReader $parent = null;
    private ?Entry $parentHead = null;
    /** @var resource|null the large file being read, kept open between slices of the same process */
    private $handle = null;

    /** @param list<string> $parentPieces manifest pieces of the parent snapshot */
    public function __construct(
        private readonly SiteTree $tree,
        private readonly ObjectStore $objects,
        private readonly ExclusionRules $rules,
        private readonly FileOpener $opener,
        private readonly PieceWriter $manifest,
        private readonly FilesCursor $cursor,
        private readonly FilesTally $tally,
        private readonly int $chunkBytes,
        array $parentPieces = [],
        private readonly ?SecretRedaction $secrets = null,
        private readonly ?SnapshotScope $scope = null,
    ) {
        if ([] !== $parentPieces) {
            $this->parent = PieceReader::at($objects, $parentPieces, $cursor->parentPosition);
        }
    }

    /**
     * Works until the deadline or the end of the scan, always doing at least one unit.
     * @param callable(): void $checkpoint called between entries, where state may be persisted
     */
    public function run(float $deadline, callable $checkpoint): void
    {
        $first = true;
        while (!$this->cursor->done && ($first || microtime(true) < $deadline)) {
            $first = false;
            if (null !== $this->cursor->inFile) {
                $this->continueFile($deadline);
            } else {
                $this->processNext();
            }
            $checkpoint();
        }
    }

    public function cursor(): FilesCursor
    {
        if (null !== $this->parent) {
            $this->cursor->parentPosition = $this->parent->position();
        }
        return $this->cursor;
    }

    public function currentFolder(): string
    {
        $path = $this->cursor->inFile['path'] ?? $this->cursor->lastDone ?? '';
        $dir  = dirname((string) $path);
        return '.' === $dir ? '' : $dir;
    }

    private function processNext(): void
    {
        $this->walker ??= TreeWalker::resumeAfter($this->tree, $this->cursor->lastDone, $this->cursor->enteredLast);
        $relative = $this->walker->next();
        // A backup of part of the site walks only the folders leading to its paths, and its paths.
        while (null !== $relative && null !== $this->scope && !$this->scope->covers($relative) && !$this->scope->leadsTo($relative)) {
            $relative = $this->walker->next();
        }
        if (null === $relative) {
            $this->cursor->done = true;
            return;
        }
        $absolute = $this->tree->absolute($relative);
        clearstatcache(true, $absolute);
        $stat = @lstat($absolute);
        if (false === $stat) {
            $this->record(Entry::skipped($relative, Entry::OTHER, 'vanished before it could be read'));
            return;
        }
        $type   = self::typeOf($stat['mode']);
        $reason = $this->rules->reasonFor($relative, $absolute, Entry::DIR === $type);
        if (null !== $reason) {
            $this->record(Entry::excluded($relative, $type, $reason));
            return;
        }
        switch ($type) {
            case Entry::DIR:
                if (!$this->walker->enter($relative)) {
                    $this->record(Entry::skipped($relative, $type, 'folder could not be listed'));
                    return;
                }
                $this->record(new Entry($relative, $type, mode: $stat['mode'] & 07777, mtime: $stat['mtime'], inode: $stat['ino']), true);
                return;
            case Entry::SYMLINK:
                $target = @readlink($absolute);
                $this->record(false === $target
                    ? Entry::skipped($relative, $type, 'symlink could not be read')
                    : new Entry($relative, $type, mode: $stat['mode'] & 07777, mtime: $stat['mtime'], inode: $stat['ino'], target: $target));
                return;
            case Entry::FILE:
                $this->backUpFile($relative, $stat);
                return;
            default:
                $this->record(Entry::skipped($relative, $type, 'not a regular file, folder or symlink'));
        }
    }

    /** @param array<int|string, int> $stat */
    private function backUpFile(string $relative, array $stat): void
    {
        $previous = $this->parentEntry($relative);
        if (null !== $this->secrets && $this->secrets->covers($relative)) {
            $this->backUpRedacted($relative, $stat, $previous, $this->secrets);
            return;
        }
        if (null !== $previous && $this->isReusable($previous, $stat)) {
            $this->tally->reused();
            $this->record($this->fileEntry($relative, $stat, $previous->chunks));
            return;
        }
        $this->cursor->inFile = self::freshRead($relative, $stat, 0);
    }

    /** Reads the file in progress chunk by chunk; may stop at the deadline and continue in a later slice. */
    private function continueFile(float $deadline): void
    {
        $file     = $this->inFile();
        $absolute = $this->tree->absolute($file['path']);
        if (null === $this->handle) {
            clearstatcache(true, $absolute);
            $stat = @lstat($absolute);
            if (false === $stat || self::S_IFREG !== ($stat['mode'] & self::S_IFMT)) {
                $this->giveUp('vanished while being read');
                return;
            }
            if (!self::sameStat($file, $stat)) {
                $this->retryOrGiveUp($stat);
                return;
            }
            try {
                $this->handle = $this->opener->open($absolute);
            } catch (FileUnreadable $e) {
                $this->giveUp($e->getMessage());
                return;
            }
            if ($file['read'] > 0 && 0 !== fseek($this->handle, $file['read'])) {
                $this->giveUp('could not seek to resume reading');
                return;
            }
        }
        $compressible = CompressionPolicy::hintForPath($file['path']);
        $first        = true;
        while ($first || microtime(true) < $deadline) {
            $first  = false;
            $writer = $this->objects->writer($compressible);
            while ($writer->plainBytes() < $this->chunkBytes) {
                $block = fread($this->handle, max(1, min(self::READ_BLOCK, $this->chunkBytes - $writer->plainBytes())));
                if (false === $block) {
                    $writer->abort();
                    $this->giveUp('read error');
                    return;
                }
                if ('' === $block) {
                    break;
                }
                $writer->write($block);
            }
            $length = $writer->plainBytes();
            if (0 === $length) {
                $writer->abort();
                $this->finishFile();
                return;
            }
            $stored = $writer->commit();
            $this->tally->stored($stored);
            $this->tally->read($length);
            $file['chunks'][]     = $stored->hash;
            $file['read']        += $length;
            $this->cursor->inFile = $file;
            if ($length < $this->chunkBytes) {
                $this->finishFile();
                return;
            }
        }
    }

    /** The file was read to its end: keep it only if it did not change meanwhile. */
    private function finishFile(): void
    {
        $file = $this->inFile();
        $this->closeHandle();
        $absolute = $this->tree->absolute($file['path']);
        clearstatcache(true, $absolute);
        $stat = @lstat($absolute);
        if (false === $stat) {
            $this->giveUp('vanished while being read');
            return;
        }
        if (!self::sameStat($file, $stat) || $file['read'] !== $stat['size']) {
            $this->retryOrGiveUp($stat);
            return;
        }
        $this->cursor->inFile = null;
        $this->record($this->fileEntry($file['path'], $file['stat'], $file['chunks']));
    }

    /** @param array<int|string, int> $stat */
    private function retryOrGiveUp(array $stat): void
    {
        $this->closeHandle();
        $file = $this->inFile();
        if ($file['attempt'] >= 1) {
            $this->giveUp('changed while being read (tried twice)');
            return;
        }
        $this->cursor->inFile = self::freshRead($file['path'], $stat, $file['attempt'] + 1);
    }

    private function giveUp(string $reason): void
    {
        $this->closeHandle();
        $path                 = $this->inFile()['path'];
        $this->cursor->inFile = null;
        $this->record(Entry::skipped($path, Entry::FILE, $reason));
    }

    private function record(Entry $entry, bool $entered = false): void
    {
        $this->manifest->append($entry->toJson(), $entry->path);
        $this->cursor->lastDone    = $entry->path;
        $this->cursor->enteredLast = $entered;
        $this->tally->recorded($entry);
    }

    /** The parent's entry for this path, reading the parent manifest forward in step with the scan. */
    private function parentEntry(string $relative): ?Entry
    {
        if (null === $this->parent) {
            return null;
        }
        while (true) {
            if (null === $this->parentHead) {
                $line = $this->parent->peek();
                if (null === $line) {
                    return null;
                }
                $this->parentHead = Entry::fromJson($line);
            }
            $order = PathOrder::compare($this->parentHead->path, $relative);
            if ($order > 0) {
                return null;
            }
            $head             = $this->parentHead;
            $this->parentHead = null;
            $this->parent->advance();
            if (0 === $order) {
                return $head;
            }
        }
    }

    /** @param array<int|string, int> $stat */
    private function isReusable(Entry $previous, array $stat): bool
    {
        if (
            Entry::FILE !== $previous->type || !$previous->isBackedUp() || null !== $previous->redacted
            || $previous->size !== $stat['size'] || $previous->mtime !== $stat['mtime']
            || $previous->inode !== $stat['ino']
            || ($stat['size'] > 0 && [] === $previous->chunks)
        ) {
            return false;
        }
        return $this->hasChunks($previous);
    }

    private function hasChunks(Entry $previous): bool
    {
        foreach ($previous->chunks as $hash) {
            if (!$this->objects->has($hash)) {
                return false; // lost from the store: read the file again rather than carry the loss forward
            }
        }
        return true;
    }

    /**
     * Stores a file with its secrets removed. It is small, so it is read whole in one unit; the
     * parent's copy is reused when the file is unchanged and was redacted under the same rules.
     * @param array<int|string, int> $stat
     */
    private function backUpRedacted(string $relative, array $stat, ?Entry $previous, SecretRedaction $secrets): void
    {
        $rules = $secrets->fingerprint();
        if (
            null !== $previous && Entry::FILE === $previous->type && $previous->isBackedUp()
            && $rules === $previous->redacted && $previous->sourceSize === $stat['size']
            && $previous->mtime === $stat['mtime'] && $previous->inode === $stat['ino']
            && ($previous->size > 0) === ([] !== $previous->chunks) && $this->hasChunks($previous)
        ) {
            $this->tally->reused();
            $this->record(
                $this->redactedEntry($relative, $stat, $previous->size, $previous->chunks, $rules, $previous->note)
            );
            return;
        }
        try {
            $source = $this->readWhole($relative, $stat);
        } catch (FileUnreadable $e) {
            $this->record(Entry::skipped($relative, Entry::FILE, $e->getMessage()));
            return;
        }
        $this->tally->read(strlen($source));
        $redacted = (new PhpSecretRedactor($secrets))->redact($source);
        $chunks   = [];
        foreach (str_split($redacted->bytes, max(1, $this->chunkBytes)) as $piece) {
            if ('' === $piece) {
                continue; // str_split gives one empty piece for an empty string
            }
            $writer = $this->objects->writer(CompressionPolicy::hintForPath($relative));
            $writer->write($piece);
            $stored = $writer->commit();
            $this->tally->stored($stored);
            $chunks[] = $stored->hash;
        }
        $size = strlen($redacted->bytes);
        $this->record($this->redactedEntry($relative, $stat, $size, $chunks, $rules, $redacted->note));
    }

    /**
     * @param array<int|string, int> $stat the file's own
     * @param list<string> $chunks the stored (redacted) bytes
     */
    private function redactedEntry(
        string $relative,
        array $stat,
        int $size,
        array $chunks,
        string $rules,
        ?string $note,
    ): Entry {
        return new Entry(
            $relative,
            Entry::FILE,
            size: $size,
            mode: $stat['mode'] & 07777,
            mtime: $stat['mtime'],
            inode: $stat['ino'],
            chunks: $chunks,
            redacted: $rules,
            sourceSize: $stat['size'],
            note: $note,
        );
    }

    /**
     * A small file's bytes, read again once if it changed meanwhile.
     * @param array<int|string, int> $stat the file's stat, updated to the one the bytes match
     * @throws FileUnreadable with the reason it cannot be stored
     */
    private function readWhole(string $relative, array &$stat): string
    {
        $absolute = $this->tree->absolute($relative);
        for ($attempt = 0; $attempt < 2; $attempt++) {
            if ($stat['size'] > self::REDACT_MAX_BYTES) {
                throw new FileUnreadable('too large (over 256 KB) to remove its secrets before storing it');
            }
            $handle = $this->opener->open($absolute);
            $bytes  = stream_get_contents($handle, self::REDACT_MAX_BYTES + 1);
            fclose($handle);
            clearstatcache(true, $absolute);
            $after = @lstat($absolute);
            if (false === $bytes) {
                throw new FileUnreadable('read error');
            }
            if (false === $after || self::S_IFREG !== ($after['mode'] & self::S_IFMT)) {
                throw new FileUnreadable('vanished while being read');
            }
            $unchanged = self::sameStat(['stat' => $stat], $after) && strlen($bytes) === $after['size'];
            $stat      = $after;
            if ($unchanged) {
                return $bytes;
            }
        }
        throw new FileUnreadable('changed while being read (tried twice)');
    }

    /**
     * @param array<int|string, int> $stat
     * @param list<string> $chunks
     */
    private function fileEntry(string $relative, array $stat, array $chunks): Entry
    {
        return new Entry($relative, Entry::FILE, size: $stat['size'], mode: $stat['mode'] & 07777, mtime: $stat['mtime'], inode: $stat['ino'], chunks: $chunks);
    }

    /**
     * @param array<int|string, int> $stat
     * @return array<string, mixed>
     */
    private static function freshRead(string $relative, array $stat, int $attempt): array
    {
        return [
            'path'    => $relative,
            'stat'    => ['size' => $stat['size'], 'mode' => $stat['mode'], 'mtime' => $stat['mtime'], 'ino' => $stat['ino']],
            'chunks'  => [],
            'read'    => 0,
            'attempt' => $attempt,
        ];
    }

    /**
     * @param array<string, mixed> $file
     * @param array<int|string, int> $stat
     */
    private static function sameStat(array $file, array $stat): bool
    {
        return $file['stat']['size'] === $stat['size'] && $file['stat']['mtime'] === $stat['mtime'] && $file['stat']['ino'] === $stat['ino'];
    }

    /** @return array<string, mixed> the file being read */
    private function inFile(): array
    {
        return $this->cursor->inFile ?? throw new \LogicException('No file is being read.');
    }

    private function closeHandle(): void
    {
        if (is_resource($this->handle)) {
            fclose($this->handle);
        }
        $this->handle = null;
    }

    private static function typeOf(int $mode): string
    {
        return match ($mode & self::S_IFMT) {
            self::S_IFDIR => Entry::DIR,
            self::S_IFREG => Entry::FILE,
            self::S_IFLNK => Entry::SYMLINK,
            default       => Entry::OTHER,
        };
    }
}
