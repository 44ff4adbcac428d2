<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\StoredObject;

/**
 * What the files half of a backup reports as it goes, for whoever keeps the backup's counts
 * (Backup\Tally, persisted with its state).
 */
interface FilesTally
{
    /** An entry went into the manifest: a file, folder or link, or a path excluded or skipped. */
    public function recorded(Entry $entry): void;

    /** A file kept its parent snapshot's chunks without being read. */
    public function reused(): void;

    /** Bytes of a file were read to be stored. */
    public function read(int $bytes): void;

    /** A chunk was stored: new, or already in the store. */
    public function stored(StoredObject $object): void;
}
