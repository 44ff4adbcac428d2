<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Backup;

use SiteBackups\Engine\Files\FilesTally;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Store\StoredObject;

/** Running counts of a backup, persisted with its state and copied into the snapshot's metadata. */
final class Tally implements FilesTally
{
    public int $entries = 0;
    public int $files = 0;
    public int $dirs = 0;
    public int $symlinks = 0;
    public int $excluded = 0;
    public int $skipped = 0;
    public int $reusedFiles = 0;
    public int $logicalBytes = 0;
    public int $bytesRead = 0;
    public int $newBytes = 0;
    public int $newObjects = 0;
    public int $sourceChunks = 0;
    public int $sourceBytes = 0;

    /** @param array<string, int> $data */
    public static function fromArray(array $data): self
    {
        $tally = new self();
        foreach (get_object_vars($tally) as $name => $unused) {
            $tally->$name = (int) ($data[$name] ?? 0);
        }
        return $tally;
    }

    /** @return array<string, int> */
    public function toArray(): array
    {
        return get_object_vars($this);
    }

    /** @return array<string, int> the counts with snake_case keys, as shown in snapshot metadata */
    public function toMeta(): array
    {
        $meta = [];
        foreach ($this->toArray() as $name => $value) {
            $meta[strtolower((string) preg_replace('/[A-Z]/', '_$0', $name))] = $value;
        }
        return $meta;
    }

    public function recorded(Entry $entry): void
    {
        $this->entries++;
        match (true) {
            Entry::EXCLUDED === $entry->status => $this->excluded++,
            Entry::SKIPPED === $entry->status  => $this->skipped++,
            Entry::DIR === $entry->type        => $this->dirs++,
            Entry::SYMLINK === $entry->type    => $this->symlinks++,
            default                            => $this->countFile($entry->size),
        };
    }

    public function reused(): void
    {
        $this->reusedFiles++;
    }

    public function read(int $bytes): void
    {
        $this->bytesRead += $bytes;
    }

    public function stored(StoredObject $object): void
    {
        if ($object->isNew) {
            $this->newBytes += $object->newBytes;
            $this->newObjects++;
        }
    }

    private function countFile(int $size): void
    {
        $this->files++;
        $this->logicalBytes += $size;
    }
}
