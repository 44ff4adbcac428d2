<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

use InvalidArgumentException;

/**
 * Where the dump of one table stands: everything needed to write the next
 * chunk in a later PHP request. Plain data, JSON-serialisable via toArray().
 *
 * - phase "schema": the next chunk is DROP + CREATE TABLE.
 * - strategy "range": the next chunk is the key range [rangeStart, rangeStart+width),
 *   continuing after key `after` when a range was split by the hard size cap.
 * - strategy "keyset": the next chunk starts after key `after` (null: the first row).
 * - strategy "scan": the whole table in one chunk.
 * `after` holds SQL literals of the last key written, as the dumper wrote them.
 */
final class DumpCursor
{
    public const PHASE_SCHEMA = 'schema';
    public const PHASE_DATA = 'data';
    private const VERSION = 1;

    /**
     * @param list<string> $keyColumns
     * @param list<string>|null $after
     * @param array<string, mixed>|null $fingerprints range fingerprints fetched ahead: lo, hi, ranges (list of [start, fp])
     */
    public function __construct(
        public readonly string $table,
        public readonly string $phase,
        public readonly ChunkStrategy $strategy,
        public readonly array $keyColumns,
        public readonly int $width,
        public readonly int $modulus,
        public readonly string $fingerprint,
        public readonly int $chunkIndex = 0,
        public readonly ?int $rangeStart = null,
        public readonly ?array $after = null,
        public readonly ?array $fingerprints = null,
    ) {
        if ($phase !== self::PHASE_SCHEMA && $phase !== self::PHASE_DATA) {
            throw new InvalidArgumentException('Unknown cursor phase: ' . $phase);
        }
        if ($strategy === ChunkStrategy::Range && $width < 1) {
            throw new InvalidArgumentException('A range cursor needs a positive width.');
        }
        if ($strategy === ChunkStrategy::Range && $phase === self::PHASE_DATA && $rangeStart === null) {
            throw new InvalidArgumentException('A range data cursor needs a range start.');
        }
        if ($after !== null) {
            if (count($after) !== count($keyColumns)) {
                throw new InvalidArgumentException('Cursor key values do not match the key columns.');
            }
            foreach ($after as $literal) {
                // Key values are pasted into WHERE clauses: accept nothing but a single literal.
                if (!is_string($literal) || !SqlLiteral::isLiteral($literal)) { // from JSON: check, whatever the docblock says
                    throw new InvalidArgumentException('Cursor key value is not a SQL literal.');
                }
            }
        }
    }

    public function isSchema(): bool
    {
        return $this->phase === self::PHASE_SCHEMA;
    }

    /**
     * What the caller stores with the snapshot and passes to the next day's
     * start(), so chunk boundaries stay where they were.
     *
     * @return array{strategy: string, key: list<string>, width?: int, modulus?: int}
     */
    public function hint(): array
    {
        $hint = ['strategy' => $this->strategy->value, 'key' => $this->keyColumns];
        if ($this->strategy === ChunkStrategy::Range) {
            $hint['width'] = $this->width;
        } elseif ($this->strategy === ChunkStrategy::Keyset) {
            $hint['modulus'] = $this->modulus;
        }

        return $hint;
    }

    /**
     * @param list<string>|null $after
     * @param array<string, mixed>|null $fingerprints
     */
    public function next(?int $rangeStart, ?array $after, ?array $fingerprints = null): self
    {
        return new self(
            $this->table,
            self::PHASE_DATA,
            $this->strategy,
            $this->keyColumns,
            $this->width,
            $this->modulus,
            $this->fingerprint,
            $this->chunkIndex + 1,
            $rangeStart,
            $after,
            $fingerprints,
        );
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return [
            'v' => self::VERSION,
            'table' => $this->table,
            'phase' => $this->phase,
            'strategy' => $this->strategy->value,
            'key' => $this->keyColumns,
            'width' => $this->width,
            'modulus' => $this->modulus,
            'fingerprint' => $this->fingerprint,
            'chunk' => $this->chunkIndex,
            'rangeStart' => $this->rangeStart,
            'after' => $this->after,
            'fingerprints' => $this->fingerprints,
        ];
    }

    /** @param array<string, mixed> $data */
    public static function fromArray(array $data): self
    {
        if (($data['v'] ?? null) !== self::VERSION) {
            throw new InvalidArgumentException('Unsupported dump cursor version.');
        }
        $strategy = ChunkStrategy::tryFrom((string) ($data['strategy'] ?? ''));
        if ($strategy === null || !is_string($data['table'] ?? null) || !is_array($data['key'] ?? null)) {
            throw new InvalidArgumentException('Malformed dump cursor.');
        }

        return new self(
            $data['table'],
            (string) ($data['phase'] ?? ''),
            $strategy,
            array_values(array_map('strval', $data['key'])),
            (int) ($data['width'] ?? 0),
            (int) ($data['modulus'] ?? 0),
            (string) ($data['fingerprint'] ?? ''),
            (int) ($data['chunk'] ?? 0),
            isset($data['rangeStart']) ? (int) $data['rangeStart'] : null,
            isset($data['after']) && is_array($data['after']) ? array_values($data['after']) : null,
            isset($data['fingerprints']) && is_array($data['fingerprints']) ? $data['fingerprints'] : null,
        );
    }
}
