<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Backup\SnapshotSource;
use SiteBackups\Engine\Backup\SourceChunk;

/**
 * A stand-in for the database dumper: deterministic SQL-like chunks per "table", a cursor of
 * plain arrays, and per-table hints left in the snapshot for the next run.
 */
final class FakeTableSource implements SnapshotSource
{
	/** @var list<array> cursors handed to writeNextChunk, and the parent notes given to start */
	public array $calls = [];
	/** @var array<string, mixed>|null */
	public ?array $parentNotesSeen = null;

	/** @param array<string, int> $tables name => rows */
	public function __construct(private readonly array $tables, private readonly int $rowsPerChunk = 50, private readonly int $delayMicros = 0)
	{
	}

	public function key(): string
	{
		return 'database';
	}

	public function start(array $parentNotes): ?array
	{
		$this->parentNotesSeen = $parentNotes;
		return [] === $this->tables ? null : ['table' => 0, 'row' => 0];
	}

	public function writeNextChunk(array $cursor, $out): SourceChunk
	{
		$this->calls[] = $cursor;
		if ($this->delayMicros > 0) {
			usleep($this->delayMicros);
		}
		$names = array_keys($this->tables);
		$table = $names[$cursor['table']];
		$rows  = $this->tables[$table];
		$end   = min($rows, $cursor['row'] + $this->rowsPerChunk);
		if (0 === $cursor['row']) {
			fwrite($out, "CREATE TABLE `$table` (id INT PRIMARY KEY, v TEXT);\n");
		}
		for ($row = $cursor['row']; $row < $end; $row++) {
			fwrite($out, sprintf("INSERT INTO `%s` VALUES (%d, '%s');\n", $table, $row, hash('sha256', $table . $row)));
		}
		$next = $end < $rows ? ['table' => $cursor['table'], 'row' => $end]
			: ($cursor['table'] + 1 < count($names) ? ['table' => $cursor['table'] + 1, 'row' => 0] : null);
		return new SourceChunk($table, $next, $end >= $rows ? ['hints' => $this->hintsSoFar($cursor['table']) + [$table => ['rows' => $rows]]] : []);
	}

	/** The expected concatenation of every chunk. */
	public function expectedSql(): string
	{
		$sql = '';
		foreach ($this->tables as $table => $rows) {
			$sql .= "CREATE TABLE `$table` (id INT PRIMARY KEY, v TEXT);\n";
			for ($row = 0; $row < $rows; $row++) {
				$sql .= sprintf("INSERT INTO `%s` VALUES (%d, '%s');\n", $table, $row, hash('sha256', $table . $row));
			}
		}
		return $sql;
	}

	/** @return array<string, array{rows: int}> */
	private function hintsSoFar(int $tableIndex): array
	{
		$hints = [];
		foreach (array_slice($this->tables, 0, $tableIndex, true) as $table => $rows) {
			$hints[$table] = ['rows' => $rows];
		}
		return $hints;
	}
}
