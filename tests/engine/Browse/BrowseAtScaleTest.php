<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Browse;

use SiteBackups\Engine\Browse\Browser;
use SiteBackups\Engine\Browse\FileChange;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/**
 * Two snapshots of 200,000 files each (the manifests the backup writes, with one tiny object for all
 * contents): every page of a folder of 100,000 files, a folder whose 100 children hold 1,000 files
 * each, and every change between the two, in memory that does not grow with the site.
 */
final class BrowseAtScaleTest extends EngineTestCase
{
	private const PLUGINS          = 100;
	private const FILES_PER_PLUGIN = 1000;
	private const UPLOADS          = 100_000;
	private const GONE_PLUGIN      = 42;
	private const CHANGED_EVERY    = 1000;  // uploads rewritten in the newer snapshot
	private const ADDED_EVERY      = 2000;  // a .php planted beside them
	private const MEMORY_BOUND     = 4 * 1048576;

	private string $content;

	public function testTwoHundredThousandFilesAreListedAndComparedInFlatMemory(): void
	{
		$this->content = $this->store->objects()->put('x')->hash;
		$start         = microtime(true);
		$older         = StreamedSnapshot::publish($this->store, $this->site(false));
		$newer         = StreamedSnapshot::publish($this->store, $this->site(true));
		$built         = microtime(true) - $start;
		$manifestBytes = $this->manifestBytes($older);
		$browser       = new Browser($this->store);

		gc_collect_cycles();
		$baseline = memory_get_usage();
		if (function_exists('memory_reset_peak_usage')) {
			memory_reset_peak_usage();
		}
		$start = microtime(true);

		// Every page of the folder of 100,000 files, each name after the one before.
		$files = 0;
		$pages = 0;
		$last  = '';
		$after = null;
		do {
			$page = $browser->folder($older->id, 'wp-content/uploads/big', $after, 1000);
			foreach ($page->items as $item) {
				$this->assertGreaterThan(0, strcmp($item->name, $last));
				$last = $item->name;
				$files++;
			}
			$after = $page->next;
			$pages++;
		} while (null !== $after);
		$listed = microtime(true) - $start;

		// A folder of 100 folders of 1,000 files: each child's subtree passed over.
		$start   = microtime(true);
		$plugins = $browser->folder($older->id, 'wp-content/plugins', null, 1000);
		$subtrees = microtime(true) - $start;

		// Every change, a page of 500 at a time, then the summary.
		$start   = microtime(true);
		$counts  = [FileChange::ADDED => 0, FileChange::CHANGED => 0, FileChange::REMOVED => 0];
		$php     = 0;
		$after   = null;
		do {
			$page = $browser->changes($older->id, $newer->id, $after, 500);
			foreach ($page->changes as $change) {
				$counts[$change->kind]++;
				$php += (int) $change->phpInUploads;
			}
			$after = $page->next;
		} while (null !== $after);
		$summary  = $browser->summary($older->id, $newer->id);
		$compared = microtime(true) - $start;

		$peak = memory_get_peak_usage() - $baseline;

		$this->assertSame(self::UPLOADS, $files);
		$this->assertSame(100, $pages);
		$this->assertCount(self::PLUGINS, $plugins->items);
		$this->assertSame('plugin-099', $plugins->items[self::PLUGINS - 1]->name);
		$added   = intdiv(self::UPLOADS, self::ADDED_EVERY);
		$changed = intdiv(self::UPLOADS, self::CHANGED_EVERY);
		$removed = self::FILES_PER_PLUGIN + 1;
		$this->assertSame([FileChange::ADDED => $added, FileChange::CHANGED => $changed, FileChange::REMOVED => $removed], $counts);
		$this->assertSame($added, $php);
		$this->assertSame([$added, $changed, self::FILES_PER_PLUGIN], [$summary->added, $summary->changed, $summary->removed]);
		$this->assertSame($added, $summary->phpInUploads);
		$this->assertLessThan(self::MEMORY_BOUND, $peak, 'memory grew with the number of paths');
		$this->assertLessThan($manifestBytes / 8, $peak);

		fwrite(STDERR, sprintf(
			"\n[browse] 2 x %d files (manifest %.1f MB each) built in %.1f s; %d pages of a folder of %d files in %.1f s;"
			. " 100 folders of %d files listed in %.2f s; %d changes paged and summed up in %.1f s; peak memory %.2f MB above the baseline\n",
			self::UPLOADS + self::PLUGINS * self::FILES_PER_PLUGIN,
			$manifestBytes / 1048576,
			$built,
			$pages,
			self::UPLOADS,
			$listed,
			self::FILES_PER_PLUGIN,
			$subtrees,
			array_sum($counts),
			$compared,
			$peak / 1048576
		));
	}

	/**
	 * The site in PathOrder: wp-content, its plugins (100 folders of 1,000 files), its uploads (one
	 * folder of 100,000 files). The newer one lost a plugin, had every 1,000th upload rewritten and
	 * a .php planted beside every 2,000th.
	 * @return \Generator<int, Entry>
	 */
	private function site(bool $newer): \Generator
	{
		yield self::folder('wp-content');
		yield self::folder('wp-content/plugins');
		for ($plugin = 0; $plugin < self::PLUGINS; $plugin++) {
			if ($newer && self::GONE_PLUGIN === $plugin) {
				continue;
			}
			$folder = sprintf('wp-content/plugins/plugin-%03d', $plugin);
			yield self::folder($folder);
			for ($file = 0; $file < self::FILES_PER_PLUGIN; $file++) {
				yield $this->file(sprintf('%s/file-%04d.php', $folder, $file), 1);
			}
		}
		yield self::folder('wp-content/uploads');
		yield self::folder('wp-content/uploads/big');
		for ($file = 0; $file < self::UPLOADS; $file++) {
			$name = sprintf('wp-content/uploads/big/img-%06d', $file);
			yield $this->file($name . '.jpg', $newer && 0 === $file % self::CHANGED_EVERY ? 2 : 1);
			if ($newer && 0 === $file % self::ADDED_EVERY) {
				yield $this->file($name . '.php', 1);
			}
		}
	}

	private function file(string $path, int $mtimeShift): Entry
	{
		return new Entry($path, Entry::FILE, size: 1, mode: 0644, mtime: 1_700_000_000 + $mtimeShift, inode: 1, chunks: [$this->content]);
	}

	private static function folder(string $path): Entry
	{
		return new Entry($path, Entry::DIR, mode: 0755, mtime: 1_700_000_000);
	}

	private function manifestBytes(SnapshotRecord $record): int
	{
		$bytes = 0;
		foreach ($record->filePieces as $piece) {
			$bytes += strlen($this->store->objects()->readSmall($piece));
		}
		return $bytes;
	}
}
