<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

use SiteBackups\Engine\Database\DatabaseSource;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\ContentHash;
use SiteBackups\Engine\Store\ObjectStore;

/**
 * Reads a snapshot's database chunk list ({"label","hash","size"[,"key"]} per line, in the order of the
 * SQL script) as tables. The first line is the script's header and the last one its views, triggers
 * and footer; every line between is a chunk of the table its label names: its schema first, then its
 * rows. Tables come in the inventory's order, but one read again at the end of a backup (a catch-up)
 * moves before the tail: the list is not sorted by name. So a page of tables (the smallest names after
 * a cursor) is picked in one pass that keeps at most twice the page's tables: when that many are held,
 * the largest names are let go, and names above the largest kept are not taken again.
 */
final class TableRuns
{
    /** The labels DatabaseSource gives the first and the last chunk of its script. */
    private const HEADER = 'header';
    private const TAIL   = 'views, triggers';

    /** @var list<string> */
    private readonly array $pieces;
    private readonly int $lines;

    public function __construct(private readonly ObjectStore $objects, SnapshotRecord $record)
    {
        $this->pieces = $record->sourcePieces(DatabaseSource::KEY);
        $this->lines  = (int) ($record->sources[DatabaseSource::KEY]['chunks'] ?? 0);
    }

    /**
     * The tables of the smallest names after $after (byte order), at most $count of them.
     * @return list<TableRun> sorted by name
     */
    public function select(?string $after, int $count): array
    {
        /** @var array<string, TableRun> $kept */
        $kept    = [];
        $ceiling = null;
        $reader  = new PieceReader($this->objects, $this->pieces);
        $current = null;
        $index   = -1;
        while (null !== ($line = $reader->peek())) {
            $position = $reader->position();
            $reader->advance();
            $index++;
            [$label, $hash, $size] = self::parse($line);
            if ((0 === $index && self::HEADER === $label) || ($index === $this->lines - 1 && self::TAIL === $label)) {
                $current = null;
                continue;
            }
            if (null === $current || $current->name !== $label) {
                $current = null;
                $wanted = (null === $after || strcmp($label, $after) > 0)
                    && (null === $ceiling || strcmp($label, $ceiling) <= 0);
                if ($wanted) {
                    $current = $kept[$label] ??= new TableRun($label);
                    $current->startRun($position);
                }
                if (count($kept) > 2 * $count) {
                    [$kept, $ceiling] = self::cut($kept, $count);
                    $current = isset($kept[$label]) ? $current : null;
                }
            }
            if (null !== $current && $current->name === $label) {
                $current->add($hash, $size);
            }
        }
        return array_values(self::cut($kept, $count)[0]);
    }

    /**
     * Every chunk hash of a table, in order, read again from where its runs start.
     * @return \Generator<int, string>
     */
    public function hashes(TableRun $table): \Generator
    {
        foreach ($table->runs() as $run) {
            $reader = PieceReader::at($this->objects, $this->pieces, $run['position']);
            for ($i = 0; $i < $run['chunks']; $i++) {
                $line = $reader->peek();
                if (null === $line) {
                    throw DamagedManifest::line('list of database chunks', 'it ended early');
                }
                $reader->advance();
                [$label, $hash] = self::parse($line);
                if ($label !== $table->name) {
                    throw DamagedManifest::line('list of database chunks', 'it changed while it was read');
                }
                yield $hash;
            }
        }
    }

    /**
     * @param array<string, TableRun> $kept
     * @return array{0: array<string, TableRun>, 1: string|null} the $count smallest names, and the largest of them
     */
    private static function cut(array $kept, int $count): array
    {
        // Numeric names are integer keys in PHP arrays: sort and compare them as the strings they are.
        ksort($kept, SORT_STRING);
        $kept = array_slice($kept, 0, $count, true);
        $last = end($kept);
        return [$kept, false === $last ? null : $last->name];
    }

    /** @return array{0: string, 1: string, 2: int} label, hash, size */
    private static function parse(string $line): array
    {
        try {
            $data = json_decode($line, true, 4, JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw DamagedManifest::line('list of database chunks', $e->getMessage());
        }
        if (!is_array($data) || !is_string($data['label'] ?? null) || !ContentHash::isValid($data['hash'] ?? null)) {
            throw DamagedManifest::line('list of database chunks', 'no label or hash');
        }
        return [$data['label'], (string) $data['hash'], (int) ($data['size'] ?? 0)];
    }
}
