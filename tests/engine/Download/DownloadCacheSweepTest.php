<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use SiteBackups\Engine\Download\ByteRange;
use SiteBackups\Engine\Download\DownloadCache;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Retention\Forgetter;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Retention\Sweeper;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

/**
 * What downloads keep in the store's tmp/ (the compressed database, the files' CRCs) goes with the
 * store's sweep once its backup is deleted, or once no download has used it for a day; nothing
 * else in tmp/ is touched by it.
 */
final class DownloadCacheSweepTest extends EngineTestCase
{
	public function testTheSweepRemovesTheFilesOfDeletedBackupsAndOfDownloadsUnusedForADay(): void
	{
		$this->write('index.php', "<?php\n");
		$this->write('big.bin', random_bytes(3 * self::CHUNK));
		$kept      = $this->backUp([], [new FakeTableSource(['wp_posts' => 200], 50)]);
		$deleted   = $this->backUp([], [new FakeTableSource(['wp_posts' => 210], 50)]);
		$unused    = $this->backUp([], [new FakeTableSource(['wp_posts' => 220], 50)]);
		$keptFiles = $this->download($kept->id);
		$gone      = $this->download($deleted->id);
		$old       = $this->download($unused->id);
		$this->assertCount(2, $keptFiles, 'the compressed database and the CRCs');
		foreach ($old as $file) {
			touch($file, time() - DownloadCache::MAX_AGE - 60);
		}
		$other = $this->storeDir . '/tmp/obj-elsewhere.php';
		file_put_contents($other, 'a temporary file of someone else');
		$this->assertSame(
			$this->storeDir . '/tmp/download-' . $kept->id . '-checksums-1.php',
			DownloadCache::path($this->store, $kept->id, 'checksums-1')
		);

		(new Forgetter($this->store))->forget(new RetentionRule(keepLast: 0, keepIds: [$kept->id, $unused->id]));
		$report = (new Sweeper($this->store))->sweep();

		foreach ($keptFiles as $file) {
			$this->assertFileExists($file);
		}
		foreach ([...$gone, ...$old] as $file) {
			$this->assertFileDoesNotExist($file);
		}
		$this->assertFileExists($other);
		$this->assertGreaterThanOrEqual(count($gone) + count($old), $report->tempFilesRemoved);

		// The next download of the unused backup makes them again.
		$this->assertCount(2, $this->download($unused->id));
	}

	/** @return list<string> the files a download of the backup leaves in tmp/ */
	private function download(string $id): array
	{
		$archive = SnapshotArchive::open($this->store, $id);
		$this->assertTrue($archive->prepare(30.0));
		$out = fopen('php://memory', 'w+b');
		$archive->writeRange($out, ByteRange::all($archive->size()));
		fclose($out);
		return glob($this->storeDir . '/tmp/download-' . $id . '-*') ?: [];
	}
}
