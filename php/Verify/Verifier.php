<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Verify;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\ObjectState;
use SiteBackups\Engine\Store\ObjectStore;
use SiteBackups\Engine\Store\StoreException;

/**
 * Re-hashes the objects a snapshot references (all, or a random sample) and names the missing
 * or corrupt ones with the paths or source labels that use them. Manifest pieces are always
 * checked, since they are read to find the rest.
 */
final class Verifier
{
    private const REMEMBERED_OK = 50000; // bounded memory of objects already found good

    private ObjectStore $objects;
    /** @var array<string, true> */
    private array $good = [];
    private bool $presenceOnly = false;

    public function __construct(private readonly BackupStore $store)
    {
        $this->objects = $store->objects();
    }

    /**
     * Only checks that every object is there (a stat each, no reading): quick enough to run
     * before a restore is accepted; corruption is then caught as the restore reads each object.
     */
    public function findMissing(string $id): VerifyReport
    {
        $this->presenceOnly = true;
        try {
            return $this->verify($id);
        } finally {
            $this->presenceOnly = false;
        }
    }

    /** @param int|null $sample check only this many references, chosen at random (reservoir sampling) */
    public function verify(string $id, ?int $sample = null): VerifyReport
    {
        $record     = $this->store->snapshots()->load($id);
        $report     = new VerifyReport($id, $sample);
        $this->good = [];
        /** @var list<array{0: string, 1: string}> $reservoir */
        $reservoir = [];
        $visit     = function (string $hash, string $user) use ($report, $sample, &$reservoir): void {
            $report->references++;
            if (null === $sample) {
                $this->check($report, $hash, $user);
            } elseif (count($reservoir) < $sample) {
                $reservoir[] = [$hash, $user];
            } elseif (($slot = random_int(0, $report->references - 1)) < $sample) {
                $reservoir[$slot] = [$hash, $user];
            }
        };

        foreach ($this->lines($report, $record->filePieces, 'files manifest') as $line) {
            $entry = Entry::fromJson($line);
            foreach ($entry->chunks as $hash) {
                $visit($hash, $entry->path);
            }
        }
        foreach ($record->sources as $key => $source) {
            $lines = $this->lines($report, $source['pieces'], $key . ' chunk list');
            foreach (SnapshotReader::chunkRefs($lines) as $chunk) {
                $visit($chunk->hash, $key . ': ' . $chunk->label);
            }
        }
        foreach ($reservoir as [$hash, $user]) {
            $this->check($report, $hash, $user);
        }
        return $report;
    }

    /**
     * Lines of a piece list; a damaged piece is reported and its lines skipped.
     * @param list<string> $pieces
     * @return \Generator<int, string>
     */
    private function lines(VerifyReport $report, array $pieces, string $what): \Generator
    {
        foreach ($pieces as $index => $hash) {
            $report->objectsChecked++;
            try {
                $reader = new PieceReader($this->objects, [$hash]);
                $lines  = iterator_to_array($reader->lines(), false);
            } catch (StoreException) {
                $state = $this->objects->check($hash);
                $report->addUser(ObjectState::Missing === $state ? 'missing' : 'corrupt', $hash, sprintf('%s piece %d', $what, $index));
                continue;
            }
            yield from $lines;
        }
    }

    private function check(VerifyReport $report, string $hash, string $user): void
    {
        if (isset($this->good[$hash])) {
            return;
        }
        if (isset($report->missing[$hash])) {
            $report->addUser('missing', $hash, $user);
            return;
        }
        if (isset($report->corrupt[$hash])) {
            $report->addUser('corrupt', $hash, $user);
            return;
        }
        $report->objectsChecked++;
        if ($this->presenceOnly) {
            $state = $this->objects->has($hash) ? ObjectState::Ok : ObjectState::Missing;
        } else {
            $state = $this->objects->check($hash);
        }
        if (ObjectState::Ok === $state) {
            if (count($this->good) >= self::REMEMBERED_OK) {
                $this->good = [];
            }
            $this->good[$hash] = true;
            return;
        }
        $report->addUser(ObjectState::Missing === $state ? 'missing' : 'corrupt', $hash, $user);
    }
}
