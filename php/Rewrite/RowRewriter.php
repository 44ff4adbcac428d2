<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

/** Applies the replacer to the rewritable values of one row. */
final class RowRewriter
{
    public function __construct(private readonly ValueReplacer $replacer)
    {
    }

    /**
     * @param list<RewriteColumn> $columns
     * @param list<string|null> $values aligned with $columns
     * @return array<int, string> column index => new value, for the values that change and fit
     */
    public function rewrite(array $columns, array $values, RewriteCounts $counts): array
    {
        $assignments = [];
        foreach ($columns as $i => $column) {
            $value = $values[$i] ?? null;
            if ($value === null || !$this->replacer->mightChange($value) || !$column->accepts($value)) {
                continue;
            }
            $result = $this->replacer->replace($value);
            $counts->malformedValues += $result->malformed > 0 ? 1 : 0;
            $counts->opaqueValues += $result->opaque > 0 ? 1 : 0;
            if (!$result->changed) {
                continue;
            }
            if (!$column->fits($result->value)) {
                ++$counts->tooLongValues;
                continue;
            }
            $assignments[$i] = $result->value;
        }

        return $assignments;
    }

    /**
     * Whether the row, once updated, still matches the rewriter's filter (a
     * value contains a needle): the same test as the SQL LIKE, byte for byte.
     *
     * @param list<string|null> $values
     * @param array<int, string> $assignments
     */
    public function stillMatches(array $values, array $assignments): bool
    {
        foreach ($values as $i => $value) {
            $value = $assignments[$i] ?? $value;
            if ($value !== null && $this->replacer->mightChange($value)) {
                return true;
            }
        }

        return false;
    }
}
