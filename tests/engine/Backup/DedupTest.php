<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Tests\Engine\Support\RestoredCopy;
use SiteBackups\Tests\Engine\Support\CountingOpener;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class DedupTest extends EngineTestCase
{
	private const FILES = 600;

	protected function setUp(): void
	{
		parent::setUp();
		for ($i = 0; $i < self::FILES; $i++) {
			$this->write(sprintf('wp-content/uploads/%02d/file-%04d.txt', $i % 12, $i), "file $i\n" . random_bytes(200), 1_600_000_000 + $i);
		}
		$this->write('wp-content/uploads/video.mp4', random_bytes(5 * self::CHUNK));
	}

	public function testASecondBackupOfAnUnchangedSiteStoresAlmostNothing(): void
	{
		$first  = $this->backUp();
		$second = $this->backUp();

		$this->assertSame($first->id, $second->parentId);
		$this->assertSame([$second->id, $first->id], array_column($this->store->snapshots()->summaries(), 'id'), 'newest first');
		$this->assertSame($first->filePieces, $second->filePieces, 'identical manifest pieces');
		$this->assertGreaterThan(100_000, $first->meta['new_bytes']);
		$this->assertSame(0, $second->meta['new_bytes'], 'bytes newly stored by the second backup');
		$this->assertGreaterThan(5, count($first->filePieces), 'the manifest is cut into several pieces');
		fwrite(STDERR, sprintf("\n[dedup] first backup stored %d bytes in %d pieces; unchanged second backup stored %d bytes\n", $first->meta['new_bytes'], count($first->filePieces), $second->meta['new_bytes']));
	}

	public function testChangingOneFileAddsAboutOneObjectAndOneManifestPiece(): void
	{
		$first = $this->backUp();
		$this->write('wp-content/uploads/05/file-0005.txt', 'changed content', 1_700_000_000);
		$second = $this->backUp();

		$this->assertSame(2, $second->meta['counts']['new_objects'], 'one chunk and one manifest piece');
		$this->assertCount(1, array_diff($second->filePieces, $first->filePieces));
		$this->assertLessThan(20_000, $second->meta['new_bytes']);
		fwrite(STDERR, sprintf("[dedup] one changed file: %d new objects, %d new bytes\n", $second->meta['counts']['new_objects'], $second->meta['new_bytes']));
	}

	public function testTheSecondBackupDoesNotReadUnchangedFiles(): void
	{
		$first = $this->backUp();
		$this->assertSame(self::FILES + 1, $first->meta['counts']['files']);
		$this->write('wp-content/uploads/03/file-0003.txt', 'changed', 1_700_000_000);
		$this->write('wp-content/uploads/new.txt', 'new file');
		$opener = new CountingOpener($this->site);
		// An unchanged file that could not be read now is still backed up through its parent.
		$opener->refuse[] = 'wp-content/uploads/video.mp4';

		$second = $this->backUp(opener: $opener);

		ksort($opener->opened);
		$this->assertSame(['wp-content/uploads/03/file-0003.txt' => 1, 'wp-content/uploads/new.txt' => 1], $opener->opened);
		$this->assertSame(self::FILES, $second->meta['counts']['reused_files']);
		$this->assertSame('complete', $second->meta['status']);

		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->store, $second->id, $target);
		$this->assertSame(self::describeTree($this->site), self::describeTree($target, ['store']));
	}

	public function testATouchedFileIsReadAgainButItsContentIsNotStoredAgain(): void
	{
		$this->backUp();
		touch($this->site . '/wp-content/uploads/video.mp4', 1_800_000_000);
		$opener = new CountingOpener($this->site);

		$second = $this->backUp(opener: $opener);

		$this->assertSame(['wp-content/uploads/video.mp4' => 1], $opener->opened);
		$this->assertSame(1, $second->meta['counts']['new_objects'], 'only the manifest piece is new');
	}
}
