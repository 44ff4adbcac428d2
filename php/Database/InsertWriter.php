<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Streams rows as multi-row INSERT statements, each at most $maxStatementBytes
 * (one oversized row gets a statement of its own). Holds at most one small
 * write buffer plus the current row, whatever the table size. The output
 * depends only on the rows given, so unchanged rows give unchanged bytes.
 */
final class InsertWriter
{
    private const FLUSH_BYTES = 65536;

    private readonly string $prefix;
    /** @var list<ValueKind> */
    private readonly array $kinds;
    private int $statementBytes = 0;
    private int $bytesWritten = 0;
    private string $pending = '';

    /**
     * @param resource $out
     * @param list<Column> $columns
     */
    public function __construct(private $out, string $table, array $columns, private readonly int $maxStatementBytes)
    {
        $names = array_map(static fn (Column $c): string => Identifier::quote($c->name), $columns);
        $this->prefix = 'INSERT INTO ' . Identifier::quote($table) . ' (' . implode(',', $names) . ") VALUES\n";
        $this->kinds = array_map(static fn (Column $c): ValueKind => $c->kind(), $columns);
    }

    /** @param list<string|null> $row values in column order, as the server's text */
    public function addRow(array $row): void
    {
        $values = [];
        foreach ($this->kinds as $i => $kind) {
            $values[] = $kind->encode($row[$i]);
        }
        $tuple = '(' . implode(',', $values) . ')';
        unset($values);

        if ($this->statementBytes > 0 && $this->statementBytes + 2 + strlen($tuple) + 2 > $this->maxStatementBytes) {
            $this->closeStatement();
        }
        if ($this->statementBytes === 0) {
            $this->emit($this->prefix . $tuple);
            $this->statementBytes = strlen($this->prefix) + strlen($tuple);
        } else {
            $this->emit(",\n" . $tuple);
            $this->statementBytes += 2 + strlen($tuple);
        }
    }

    /** Ends the open statement and writes everything out. */
    public function finish(): void
    {
        if ($this->statementBytes > 0) {
            $this->closeStatement();
        }
        $this->flush();
    }

    /** Bytes handed to this writer so far, written or pending. */
    public function bytesWritten(): int
    {
        return $this->bytesWritten + strlen($this->pending);
    }

    private function closeStatement(): void
    {
        $this->emit(";\n");
        $this->statementBytes = 0;
    }

    private function emit(string $text): void
    {
        $this->pending .= $text;
        if (strlen($this->pending) >= self::FLUSH_BYTES) {
            $this->flush();
        }
    }

    private function flush(): void
    {
        if ($this->pending === '') {
            return;
        }
        StreamWriter::write($this->out, $this->pending);
        $this->bytesWritten += strlen($this->pending);
        $this->pending = '';
    }
}
