<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/**
 * A store on disk, every file of it a GuardedFile (.php, starting with the guard line):
 *   format.php               layout version
 *   objects/ab/<sha256>.php  content-addressed objects (file chunks, manifest pieces, database chunks)
 *   snapshots/<id>.php       published snapshot records
 *   pending/<id>/            backups in progress (state.php, lock.php, manifest parts); never listed
 *   tmp/                     objects being written
 * plus the protection files of StoreProtection. Everything in it is its owner's only (Durable: files 0600,
 * folders 0700, or stricter under a stricter umask).
 */
final class BackupStore
{
    private function __construct(private readonly string $root, private readonly int $version)
    {
    }

    /** Creates the store (and its protection files) if needed, then opens it. */
    public static function create(string $root): self
    {
        $root = rtrim($root, '/');
        StoreProtection::apply($root);
        foreach (['objects', 'snapshots', 'pending', 'tmp'] as $dir) {
            Durable::makeDir($root . '/' . $dir);
        }
        StoreFormat::writeIfMissing($root);
        return self::open($root);
    }

    public static function open(string $root): self
    {
        $root    = rtrim($root, '/');
        $version = StoreFormat::read($root);
        // A store made before its files were owner-only, or in a folder made for it: closing its
        // folder to others closes everything in it.
        Durable::makePrivate($root);
        return new self($root, $version);
    }

    public function root(): string
    {
        return $this->root;
    }

    public function formatVersion(): int
    {
        return $this->version;
    }

    public function assertWritable(): void
    {
        StoreFormat::assertWritable($this->version, $this->root);
    }

    public function objects(): ObjectStore
    {
        return new ObjectStore($this->root . '/objects', $this->root . '/tmp');
    }

    public function snapshots(): SnapshotCatalog
    {
        return new SnapshotCatalog($this->root . '/snapshots');
    }

    public function pendingDir(): string
    {
        return $this->root . '/pending';
    }

    public function tempDir(): string
    {
        return $this->root . '/tmp';
    }
}
