<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

use InvalidArgumentException;
use SiteBackups\Engine\Database\SqlLiteral;

/**
 * Where a database rewrite stands, as plain JSON-serialisable data:
 *
 *     {"v":1, "pairs":"<fingerprint>", "table":2, "name":"sbtmp_wp_posts",
 *      "after":["'123'"] | null, "skip":0, "counts":{...RewriteCounts}}
 *
 * `table` indexes the rewriter's table list (`name` is checked against it);
 * `after` holds SQL literals of the last key of a keyed table already done (null:
 * from the start); `skip` counts the rows of a keyless table that still match after
 * being looked at. `pairs` ties the cursor to the replacements it was made with.
 */
final class RewriteCursor
{
    private const VERSION = 1;

    /** @param list<string>|null $after */
    public function __construct(
        public readonly string $pairs,
        public readonly int $table,
        public readonly string $name,
        public readonly ?array $after,
        public readonly int $skip,
        public readonly RewriteCounts $counts,
    ) {
        foreach ($after ?? [] as $literal) {
            // Pasted into WHERE clauses: nothing but a single literal is accepted.
            // From JSON: checked whatever the docblock says.
            if (!is_string($literal) || !SqlLiteral::isLiteral($literal)) {
                throw new InvalidArgumentException('Rewrite cursor key value is not a SQL literal.');
            }
        }
        if ($table < 0 || $skip < 0) {
            throw new InvalidArgumentException('Rewrite cursor positions cannot be negative.');
        }
    }

    /** @return array{v: int, pairs: string, table: int, name: string, after: list<string>|null, skip: int, counts: array<string, int>} */
    public function toArray(): array
    {
        return [
            'v' => self::VERSION,
            'pairs' => $this->pairs,
            'table' => $this->table,
            'name' => $this->name,
            'after' => $this->after,
            'skip' => $this->skip,
            'counts' => $this->counts->toArray(),
        ];
    }

    /** @param array<mixed> $data */
    public static function fromArray(array $data): self
    {
        if (($data['v'] ?? null) !== self::VERSION) {
            throw new InvalidArgumentException('Unsupported rewrite cursor version.');
        }
        $pairs = $data['pairs'] ?? null;
        $table = $data['table'] ?? null;
        $name = $data['name'] ?? null;
        if (!is_string($pairs) || !is_int($table) || !is_string($name)) {
            throw new InvalidArgumentException('Malformed rewrite cursor.');
        }
        $after = $data['after'] ?? null;

        return new self(
            $pairs,
            $table,
            $name,
            is_array($after) ? array_values($after) : null,
            (int) ($data['skip'] ?? 0),
            RewriteCounts::fromArray(is_array($data['counts'] ?? null) ? $data['counts'] : []),
        );
    }
}
