<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Browse;

/**
 * A table whose contents differ between two snapshots. Rows are compared by their chunks (key ranges
 * under the range strategy), by content hash, without reading any: $rangesOnlyBefore are chunks of the
 * older snapshot the newer one does not hold, $rangesOnlyAfter the reverse (a range rewritten counts
 * once on each side, a new range only after, a range emptied only before). The row counts are exact
 * when both snapshots recorded them (a table absent on one side has none there); null otherwise, when
 * AUTO_INCREMENT and DATA_LENGTH, if both recorded them, still say how the table grew.
 */
final class TableChange
{
    public const ADDED   = 'added';
    public const REMOVED = 'removed';
    public const CHANGED = 'changed';

    public function __construct(
        public readonly string $name,
        public readonly string $kind,
        public readonly bool $schemaChanged,
        public readonly int $rangesBefore,
        public readonly int $rangesAfter,
        public readonly int $rangesOnlyBefore,
        public readonly int $rangesOnlyAfter,
        public readonly int $bytesBefore,
        public readonly int $bytesAfter,
        public readonly ?int $autoIncrementBefore,
        public readonly ?int $autoIncrementAfter,
        public readonly ?int $dataLengthBefore,
        public readonly ?int $dataLengthAfter,
        public readonly ?int $rowsBefore = null,
        public readonly ?int $rowsAfter = null,
    ) {
    }

    /** How many rows more (or fewer) the newer copy holds; null when either count is unknown. */
    public function rowDelta(): ?int
    {
        return null === $this->rowsBefore || null === $this->rowsAfter ? null : $this->rowsAfter - $this->rowsBefore;
    }

    /** At least this many key ranges differ: a range rewritten is one on each side. */
    public function rangesDiffering(): int
    {
        return max($this->rangesOnlyBefore, $this->rangesOnlyAfter);
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return JsonText::field('name', $this->name) + [
            'kind'                  => $this->kind,
            'schema_changed'        => $this->schemaChanged,
            'ranges_before'         => $this->rangesBefore,
            'ranges_after'          => $this->rangesAfter,
            'ranges_only_before'    => $this->rangesOnlyBefore,
            'ranges_only_after'     => $this->rangesOnlyAfter,
            'ranges_differing'      => $this->rangesDiffering(),
            'bytes_before'          => $this->bytesBefore,
            'bytes_after'           => $this->bytesAfter,
            'auto_increment_before' => $this->autoIncrementBefore,
            'auto_increment_after'  => $this->autoIncrementAfter,
            'data_length_before'    => $this->dataLengthBefore,
            'data_length_after'     => $this->dataLengthAfter,
            'rows_before'           => $this->rowsBefore,
            'rows_after'            => $this->rowsAfter,
            'row_delta'             => $this->rowDelta(),
        ];
    }
}
