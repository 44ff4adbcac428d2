<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

use SiteBackups\Engine\Database\Column;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Database\SqlLiteral;

/**
 * A column whose values may hold the site URL: the character types, and the
 * BLOB types for values that are valid UTF-8 (plugins store serialized arrays
 * and JSON in BLOBs; a value that is not UTF-8 is images, compressed or packed
 * data, where changing bytes would corrupt it). BINARY and VARBINARY are left
 * out: fixed-size hashes, IP addresses and UUIDs, never text.
 */
final class RewriteColumn
{
    private const TEXT_TYPES = ['char', 'varchar', 'tinytext', 'text', 'mediumtext', 'longtext'];
    private const BLOB_TYPES = ['tinyblob', 'blob', 'mediumblob', 'longblob'];

    /**
     * @param int|null $maxCharacters CHAR/VARCHAR length, in characters
     * @param int|null $maxBytes TEXT/BLOB size, in bytes
     */
    public function __construct(
        public readonly Column $column,
        private readonly ?int $maxCharacters,
        private readonly ?int $maxBytes,
    ) {
    }

    public static function canHoldText(Column $column): bool
    {
        return in_array(strtolower($column->dataType), [...self::TEXT_TYPES, ...self::BLOB_TYPES], true);
    }

    public function quotedName(): string
    {
        return Identifier::quote($this->column->name);
    }

    /** Whether this value may be rewritten at all. */
    public function accepts(string $value): bool
    {
        return !$this->isBlob() || mb_check_encoding($value, 'UTF-8');
    }

    /**
     * Whether the rewritten value fits: the session's SQL mode is not strict, so
     * a longer value would be cut silently instead of refused.
     */
    public function fits(string $value): bool
    {
        if ($this->maxCharacters !== null) {
            return mb_strlen($value, 'UTF-8') <= $this->maxCharacters;
        }

        return $this->maxBytes === null || strlen($value) <= $this->maxBytes;
    }

    public function literal(string $value): string
    {
        return $this->isBlob() ? SqlLiteral::binary($value) : SqlLiteral::string($value);
    }

    /**
     * "Contains $needle", byte for byte and case-sensitive like the replacer,
     * whatever the column's collation (utf8mb4_unicode_ci would also match
     * `HTTP://OLD.TEST`, which the replacer leaves alone).
     */
    public function containsCondition(string $needle): string
    {
        $pattern = SqlLiteral::string('%' . strtr($needle, ['!' => '!!', '%' => '!%', '_' => '!_']) . '%');

        $collation = $this->isBlob() ? '' : ' COLLATE utf8mb4_bin';

        return $this->quotedName() . ' LIKE ' . $pattern . $collation . " ESCAPE '!'";
    }

    private function isBlob(): bool
    {
        return in_array(strtolower($this->column->dataType), self::BLOB_TYPES, true);
    }
}
