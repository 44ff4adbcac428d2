<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

/**
 * Running totals of a database rewrite, carried in the cursor from step to
 * step. A step repeated after a crash counts its rows again.
 */
final class RewriteCounts
{
    /** Rows read because a rewritable column contained a search string. */
    public int $rowsExamined = 0;
    /** Rows updated. */
    public int $rowsChanged = 0;
    /** Values with serialized data that does not parse, left (in that part) byte for byte unchanged. */
    public int $malformedValues = 0;
    /** Values with a custom-serialized (C:) payload holding a search string, left unchanged there. */
    public int $opaqueValues = 0;
    /** Values not written because the rewritten text would not fit the column. */
    public int $tooLongValues = 0;
    /** Listed names that are views (or other objects that are not tables): nothing to rewrite there. */
    public int $viewsSkipped = 0;

    /** @return array{rowsExamined: int, rowsChanged: int, malformedValues: int, opaqueValues: int, tooLongValues: int, viewsSkipped: int} */
    public function toArray(): array
    {
        return [
            'rowsExamined' => $this->rowsExamined,
            'rowsChanged' => $this->rowsChanged,
            'malformedValues' => $this->malformedValues,
            'opaqueValues' => $this->opaqueValues,
            'tooLongValues' => $this->tooLongValues,
            'viewsSkipped' => $this->viewsSkipped,
        ];
    }

    /** @param array<mixed> $data */
    public static function fromArray(array $data): self
    {
        $counts = new self();
        foreach (array_keys($counts->toArray()) as $name) {
            $counts->{$name} = max(0, (int) ($data[$name] ?? 0));
        }

        return $counts;
    }
}
