<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/** A tampered manifest must not write outside the restore folder. */
final class RestoreSafetyTest extends EngineTestCase
{
	public function testTraversalInAManifestIsRefused(): void
	{
		$id = $this->publishManifest([new Entry('../escaped.txt', Entry::FILE, mode: 0644)]);
		$this->expectException(UnsafePath::class);
		RestoredCopy::files($this->store, $id, $this->tmp . '/out');
	}

	public function testWritingThroughARestoredSymlinkIsRefused(): void
	{
		$id = $this->publishManifest([
			new Entry('link', Entry::SYMLINK, mode: 0777, target: $this->tmp),
			new Entry('link/escaped.txt', Entry::FILE, mode: 0644),
		]);
		try {
			RestoredCopy::files($this->store, $id, $this->tmp . '/out');
			$this->fail('wrote through a symlink');
		} catch (UnsafePath) {
			$this->assertFileDoesNotExist($this->tmp . '/escaped.txt');
		}
	}

	/** @param list<Entry> $entries */
	private function publishManifest(array $entries): string
	{
		$writer = new PieceWriter($this->store->objects(), $this->tmp . '/parts');
		foreach ($entries as $entry) {
			$writer->append($entry->toJson(), $entry->path);
		}
		$id = SnapshotId::generate();
		$this->store->snapshots()->publish(new SnapshotRecord($id, null, [], $writer->finish()));
		return $id;
	}
}
