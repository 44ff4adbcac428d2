<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class ExclusionTest extends EngineTestCase
{
	public function testExcludedPathsAreListedWithTheirReason(): void
	{
		$this->write('wp-content/cache/page.html', 'cached');
		$this->write('wp-content/et-cache/x.css', 'cached');
		$this->write('wp-content/updraft/backup.zip', 'their archive');
		$this->write('wp-content/uploads/backwpup-abc123-backups/b.zip', 'their archive');
		$this->write('wp-content/uploads/2024/photo.jpg', 'keep me');
		$this->write('wp-content/plugins/no-backup-please/.donotbackup', '');
		$this->write('wp-content/plugins/no-backup-please/big.bin', 'skip');
		$this->write('wp-content/debug.log', 'noise');
		$this->write('node_modules/pkg/index.js', 'noise');
		// The store inside the site (the usual fallback), under an unguessable name.
		$store = BackupStore::create($this->site . '/wp-content/site-backups-' . bin2hex(random_bytes(6)));
		$this->store = $store;

		$record = $this->backUp(['extraExclusions' => ['*.log', 'node_modules']]);

		$excluded = [];
		$paths    = [];
		foreach ((new SnapshotReader($store))->entries($record->id) as $entry) {
			$paths[] = $entry->path;
			if (Entry::EXCLUDED === $entry->status) {
				$excluded[$entry->path] = $entry->reason;
			}
		}
		$storeName = basename($store->root());
		$this->assertSame([
			'node_modules'                                 => 'excluded by rule node_modules',
			'wp-content/cache'                             => ExclusionRules::REASON_CACHE,
			'wp-content/debug.log'                         => 'excluded by rule *.log',
			'wp-content/et-cache'                          => ExclusionRules::REASON_CACHE,
			'wp-content/plugins/no-backup-please'          => ExclusionRules::REASON_MARKER,
			'wp-content/' . $storeName                     => ExclusionRules::REASON_STORE,
			'wp-content/updraft'                           => ExclusionRules::REASON_BACKUPS,
			'wp-content/uploads/backwpup-abc123-backups'   => ExclusionRules::REASON_BACKUPS,
		], $this->sorted($excluded));
		$this->assertContains('wp-content/uploads/2024/photo.jpg', $paths);
		$this->assertNotContains('wp-content/cache/page.html', $paths, 'nothing below an excluded folder');
		$this->assertSame(8, $record->meta['counts']['excluded']);
	}

	public function testPatternsMatchNamesAnywhereOrPathsFromTheRoot(): void
	{
		$this->assertTrue(ExclusionRules::matches('*.log', 'a/b/c.log'));
		$this->assertTrue(ExclusionRules::matches('wp-content/uploads/backwpup-*', 'wp-content/uploads/backwpup-x'));
		$this->assertFalse(ExclusionRules::matches('wp-content/uploads/backwpup-*', 'wp-content/uploads/backwpup-x/y'));
		$this->assertFalse(ExclusionRules::matches('wp-content/cache', 'other/wp-content/cache'));
		$this->assertFalse(ExclusionRules::matches('', 'anything'));
	}

	/**
	 * @param array<string, mixed> $map
	 * @return array<string, mixed>
	 */
	private function sorted(array $map): array
	{
		ksort($map, SORT_STRING);
		return $map;
	}
}
