<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Browse;

use SiteBackups\Engine\Browse\Browser;
use SiteBackups\Engine\Browse\RangeDiff;
use SiteBackups\Engine\Browse\TableChange;
use SiteBackups\Engine\Browse\TableInfo;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/**
 * Tables from database chunk lists as the runner leaves them, planted: not sorted by name (a table
 * read again in a catch-up pass moves before the tail), names PHP would take for integers, more
 * tables than a page, and every way a table's ranges can move between two snapshots.
 */
final class TableListsTest extends EngineTestCase
{
	public function testTablesComeSortedByNameInPagesWhateverTheOrderOfTheList(): void
	{
		$names = [];
		for ($i = 0; $i < 60; $i++) {
			$names[] = sprintf('wp_%02d_t', ($i * 37) % 60);
		}
		$names[] = '123';
		$names[] = '0042';
		$names[] = 'wp_options';
		$names[] = 'header';
		$chunks = [];
		foreach ($names as $name) {
			$chunks[] = [$name, "CREATE TABLE `$name` (id int);"];
			for ($range = 0; $range < 3; $range++) {
				$chunks[] = [$name, "INSERT INTO `$name` VALUES ($range);"];
			}
		}
		$record = $this->snapshot($chunks, ['hints' => ['wp_options' => ['strategy' => 'range', 'key' => ['option_id'], 'width' => 256]]]);
		$sorted = $names;
		sort($sorted, SORT_STRING);

		$browser = new Browser($this->store);
		foreach ([1, 7, 64, 1000] as $limit) {
			$listed = [];
			$after  = null;
			do {
				$page   = $browser->tables($record->id, $after, $limit);
				$listed = array_merge($listed, array_map(static fn (TableInfo $t): string => $t->name, $page->tables));
				$after  = $page->next;
			} while (null !== $after);
			$this->assertSame($sorted, $listed, "pages of $limit");
		}
		$options = $browser->tables($record->id, 'wp_59_t', 1)->tables[0];
		$this->assertSame(['wp_options', 3, 'range', ['option_id'], null], [
			$options->name, $options->ranges, $options->strategy, $options->keyColumns, $options->autoIncrement,
		]);
		$this->assertSame('0042', $browser->tables($record->id, null, 1)->tables[0]->name);
	}

	public function testTablesAddedRemovedAndChangedAreTold(): void
	{
		$rows   = static fn (string $table, array $ranges): array => array_merge(
			[[$table, "CREATE TABLE `$table` (id int);"]],
			array_map(static fn ($range): array => [$table, "INSERT INTO `$table` VALUES ($range);"], $ranges)
		);
		$older = $this->snapshot(array_merge(
			$rows('wp_same', range(1, 50)),
			$rows('wp_edited', range(1, 50)),
			$rows('wp_grown', range(1, 10)),
			$rows('wp_shrunk', range(1, 10)),
			$rows('wp_gone', range(1, 4)),
			[['wp_altered', 'CREATE TABLE `wp_altered` (id int);'], ['wp_altered', 'rows']],
		), ['proof' => ['tables' => ['wp_grown' => ['f' => [1, 11, 16384, 0, 'innodb', 'utf8mb4_unicode_ci']]]]]);
		$newer = $this->snapshot(array_merge(
			[['wp_altered', 'CREATE TABLE `wp_altered` (id bigint);'], ['wp_altered', 'rows']],
			$rows('wp_new', range(1, 3)),
			$rows('wp_edited', array_map(static fn (int $i): string => 0 === $i % 10 ? "$i edited" : (string) $i, range(1, 50))),
			$rows('wp_same', range(1, 50)),
			$rows('wp_shrunk', [1, 2, 3, 9, 10]),
			// Read again in a catch-up pass: moved before the tail.
			$rows('wp_grown', range(1, 25)),
		), ['proof' => ['tables' => ['wp_grown' => ['f' => [1, 26, 32768, 0, 'innodb', 'utf8mb4_unicode_ci']]]]]);

		$changes = (new Browser($this->store))->tableChanges($older->id, $newer->id);
		$this->assertNull($changes->next);
		$found = [];
		foreach ($changes->changes as $change) {
			$found[$change->name] = [$change->kind, $change->schemaChanged, $change->rangesBefore, $change->rangesAfter, $change->rangesOnlyBefore, $change->rangesOnlyAfter];
		}
		$this->assertSame([
			'wp_altered' => [TableChange::CHANGED, true, 1, 1, 0, 0],
			'wp_edited'  => [TableChange::CHANGED, false, 50, 50, 5, 5],
			'wp_gone'    => [TableChange::REMOVED, false, 4, 0, 4, 0],
			'wp_grown'   => [TableChange::CHANGED, false, 10, 25, 0, 15],
			'wp_new'     => [TableChange::ADDED, false, 0, 3, 0, 3],
			'wp_shrunk'  => [TableChange::CHANGED, false, 10, 5, 5, 0],
		], $found);
		$grown = $changes->changes[3];
		$this->assertSame([11, 26, 16384, 32768], [$grown->autoIncrementBefore, $grown->autoIncrementAfter, $grown->dataLengthBefore, $grown->dataLengthAfter]);
		$this->assertSame(5, $changes->changes[1]->rangesDiffering());

		$paged = [];
		$after = null;
		do {
			$page  = (new Browser($this->store))->tableChanges($older->id, $newer->id, $after, 4);
			$paged = array_merge($paged, array_map(static fn (TableChange $c): string => $c->name, $page->changes));
			$after = $page->next;
		} while (null !== $after);
		$this->assertSame(array_keys($found), $paged);
	}

	public function testTheFewChangedTablesAreFoundAmongManyUnchangedOnes(): void
	{
		$tables = static function (array $edited): array {
			$chunks = [];
			for ($i = 0; $i < 450; $i++) {
				$name     = sprintf('wp_%d_meta', $i);
				// The same bytes for every table: a few objects in all, and only the names tell tables apart.
				$chunks[] = [$name, 'CREATE TABLE t (id int);'];
				$chunks[] = [$name, in_array($i, $edited, true) ? 'INSERT INTO t VALUES (2);' : 'INSERT INTO t VALUES (1);'];
			}
			return $chunks;
		};
		$older = $this->snapshot($tables([]));
		$newer = $this->snapshot($tables([3, 250, 449]));

		$names = [];
		$after = null;
		do {
			$page  = (new Browser($this->store))->tableChanges($older->id, $newer->id, $after, 2);
			$names = array_merge($names, array_map(static fn (TableChange $c): string => $c->name, $page->changes));
			$after = $page->next;
		} while (null !== $after);
		$this->assertSame(['wp_250_meta', 'wp_3_meta', 'wp_449_meta'], $names);
	}

	public function testRangesAreMatchedExactlyBeyondWhatOnePassHolds(): void
	{
		$count  = 2 * RangeDiff::BUDGET + 123;
		$before = static function () use ($count): \Generator {
			for ($i = 0; $i < $count; $i++) {
				yield hash('sha256', "range $i");
			}
		};
		// 100 rewritten, 300 removed from the middle, 50 added at the end, one duplicate of an old range.
		$after = static function () use ($count): \Generator {
			for ($i = 0; $i < $count; $i++) {
				if ($i >= 10_000 && $i < 10_300) {
					continue;
				}
				yield hash('sha256', 0 === $i % 300 ? "range $i rewritten" : "range $i");
			}
			for ($i = 0; $i < 50; $i++) {
				yield hash('sha256', "new range $i");
			}
			yield hash('sha256', 'range 1');
		};
		$rewritten = count(array_filter(range(0, $count - 1), static fn (int $i): bool => 0 === $i % 300 && ($i < 10_000 || $i >= 10_300)));
		$this->assertSame([300 + $rewritten, $rewritten + 50 + 1], RangeDiff::count($before, $count, $after));
	}

	/**
	 * @param list<array{0: string, 1: string}> $chunks
	 * @param array<string, mixed> $notes
	 */
	private function snapshot(array $chunks, array $notes = []): SnapshotRecord
	{
		return StreamedSnapshot::publish($this->store, [], ['database' => StreamedSnapshot::database($this->store, $chunks, $notes)]);
	}
}
