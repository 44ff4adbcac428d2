<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * One table of a snapshot: what its chunk list and the record's notes say. $rows is the exact number
 * of rows its copy holds (null for a snapshot made before that was recorded). $ranges counts the
 * chunks of its rows, which under the range strategy are its non-empty key ranges (a range too dense
 * for one chunk is split); $bytes is the size of its SQL. The server's own figures at the time of the
 * copy (InnoDB's are estimates) are null for a snapshot that did not record them.
 */
final class TableInfo
{
    /** @param list<string> $keyColumns */
    public function __construct(
        public readonly string $name,
        public readonly int $ranges,
        public readonly int $bytes,
        public readonly ?string $strategy,
        public readonly array $keyColumns,
        public readonly ?int $autoIncrement,
        public readonly ?int $dataLength,
        public readonly ?int $indexLength,
        public readonly ?string $engine,
        public readonly ?string $skipped,
        public readonly ?int $rows = null,
    ) {
    }

    public static function of(TableRun $run, DatabaseNotes $notes): self
    {
        $engine = $notes->fact($run->name, 'engine');
        return new self(
            $run->name,
            $run->ranges(),
            $run->bytes(),
            $notes->strategy($run->name),
            $notes->keyColumns($run->name),
            $notes->number($run->name, 'auto_increment'),
            $notes->number($run->name, 'data_length'),
            $notes->number($run->name, 'index_length'),
            null === $engine ? null : (string) $engine,
            $notes->skippedReason($run->name),
            $notes->rows($run->name),
        );
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return JsonText::field('name', $this->name) + [
            'rows'           => $this->rows,
            'ranges'         => $this->ranges,
            'bytes'          => $this->bytes,
            'strategy'       => $this->strategy,
            'key'            => $this->keyColumns,
            'auto_increment' => $this->autoIncrement,
            'data_length'    => $this->dataLength,
            'index_length'   => $this->indexLength,
            'engine'         => $this->engine,
            'skipped'        => $this->skipped,
        ];
    }
}
