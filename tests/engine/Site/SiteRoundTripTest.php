<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/** A real WordPress site, files and database, backed up through the facade and restored elsewhere. */
final class SiteRoundTripTest extends SiteTestCase
{
	public function testARealSiteRoundTripsFilesAndDatabase(): void
	{
		$this->copyWordPress();
		$excluded = $this->addHardFiles();
		self::createWordPressTables($this->db);
		$before = self::describeTree($this->site);

		$record = $this->backUpSite(0.05, $steps);

		$this->assertGreaterThan(3, $steps, 'the backup took several short steps');
		$this->assertSame('complete', $record->meta['status']);
		$this->assertSame('production', $record->meta['environment']);
		$this->assertSame('wp_', $record->meta['table_prefix']);
		$this->assertSame([], $record->sourceNotes('database')['skipped']);
		$this->assertTrue($this->backups()->verify($record->id)->isOk());
		$this->assertSame([$record->id], array_column($this->backups()->list($this->environment()), 'id'));

		// Excluded folders are listed with their reason, and nothing below them is.
		$entries = [];
		foreach ((new SnapshotReader($this->backups()->store()))->entries($record->id) as $entry) {
			$entries[$entry->path] = $entry;
		}
		$this->assertSame(Entry::EXCLUDED, $entries['wp-content/cache']->status);
		$this->assertSame(ExclusionRules::REASON_CACHE, $entries['wp-content/cache']->reason);
		$this->assertSame(Entry::EXCLUDED, $entries['wp-content/private-stuff']->status);
		$this->assertSame(ExclusionRules::REASON_MARKER, $entries['wp-content/private-stuff']->reason);
		$this->assertArrayNotHasKey('wp-content/cache/page/index.html', $entries);
		$this->assertArrayNotHasKey('wp-content/private-stuff/secret.txt', $entries);

		// Files: every byte, mode, mtime and symlink target.
		// Into an empty folder: wp-content holds a left-out folder (wp-content/cache), and comes whole.
		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->backups()->store(), $record->id, $target);
		$expected = array_filter(
			$before,
			static fn (string $path): bool => [] === array_filter($excluded, static fn (string $x): bool => $path === $x || str_starts_with($path, $x . '/')),
			ARRAY_FILTER_USE_KEY
		);
		$this->assertGreaterThan(1000, count($expected), 'a real WordPress tree');
		$this->assertSame($expected, self::describeTree($target));
		$this->assertSame(0444, fileperms($target . '/wp-content/uploads/2024/01/read-only.txt') & 07777);
		$this->assertSame('/nonexistent/target', readlink($target . '/wp-content/uploads/dangling'));

		// Database: restored into a fresh database, every table identical.
		$restored = $this->restoreDatabase($this->backups(), $record->id);
		$this->assertSameWordPressDatabase($this->db, $restored);
		$this->assertSame(
			$this->db->fetchValue("SELECT option_value FROM wp_options WHERE option_name = 'widget_text'"),
			$restored->fetchValue("SELECT option_value FROM wp_options WHERE option_name = 'widget_text'"),
		);
		fwrite(STDERR, sprintf(
			"\n[site] %d entries, %d MB of files and %d KB of SQL backed up in %d steps; %d MB stored\n",
			$record->meta['counts']['entries'],
			intdiv($record->meta['counts']['logical_bytes'], 1048576),
			intdiv($record->sources['database']['bytes'], 1024),
			$steps,
			intdiv($record->meta['new_bytes'], 1048576)
		));
	}

	public function testUnchangedBackupsStoreAlmostNothingAndAChangeCostsAboutOneChunk(): void
	{
		$this->copyWordPress();
		self::createWordPressTables($this->db, 2000);

		$first  = $this->backUpSite(1.0);
		$second = $this->backUpSite(1.0);

		$this->assertSame($first->id, $second->parentId);
		$this->assertLessThan($first->meta['new_bytes'] / 100, $second->meta['new_bytes'], 'an unchanged site costs < 1 %');
		$this->assertSame($first->sources['database']['pieces'], $second->sources['database']['pieces']);

		$this->db->execute("UPDATE wp_posts SET post_title = 'Edited title \u{1F600}' WHERE ID = 1234");
		mkdir($this->site . '/wp-content/uploads/2025/06', 0755, true);
		$upload = random_bytes(20000);
		file_put_contents($this->site . '/wp-content/uploads/2025/06/new-photo.jpg', $upload);
		$third = $this->backUpSite(1.0);

		$pieceCost = 4 * 65536; // a few manifest and chunk-list pieces
		$bound     = self::DUMP['maxChunkBytes'] + strlen($upload) + $pieceCost;
		$this->assertGreaterThan(strlen($upload), $third->meta['new_bytes']);
		$this->assertLessThan($bound, $third->meta['new_bytes']);
		$this->assertLessThanOrEqual(10, $third->meta['counts']['new_objects']);
		$restored = $this->restoreDatabase($this->backups(), $third->id);
		$this->assertSame('Edited title 😀', $restored->fetchValue('SELECT post_title FROM wp_posts WHERE ID = 1234'));
		fwrite(STDERR, sprintf(
			"\n[site dedup] first %d KB; unchanged second %d bytes; one post + one upload: %d objects, %d KB\n",
			intdiv($first->meta['new_bytes'], 1024),
			$second->meta['new_bytes'],
			$third->meta['counts']['new_objects'],
			intdiv($third->meta['new_bytes'], 1024)
		));
	}
}
