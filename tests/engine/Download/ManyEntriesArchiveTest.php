<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Download\ByteRange;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\MemoryDisk;

/** A real snapshot of more than 65,535 paths, downloaded with memory that does not grow with it. */
final class ManyEntriesArchiveTest extends EngineTestCase
{
	private const FOLDERS = 700;
	private const FILES_PER_FOLDER = 100;

	private string $manySite;

	protected function setUp(): void
	{
		parent::setUp();
		// 70,000 files cost minutes on a busy disk and a second or two in memory; each takes a 4 KB page
		// there, and the zip written beside them some 15 MB.
		$this->manySite = MemoryDisk::folder('sb-many-', self::FOLDERS * (self::FILES_PER_FOLDER + 1) * 4096 + (16 << 20), sys_get_temp_dir());
		mkdir($this->manySite, 0755);
	}

	protected function tearDown(): void
	{
		Durable::removeTree($this->manySite);
		parent::tearDown();
	}

	public function testASnapshotOf70700PathsStreamsInFlatMemory(): void
	{
		for ($folder = 0; $folder < self::FOLDERS; $folder++) {
			mkdir($this->manySite . "/folder-$folder");
			for ($file = 0; $file < self::FILES_PER_FOLDER; $file++) {
				// One content for all: the store keeps a single object, so the backup stays quick.
				file_put_contents($this->manySite . "/folder-$folder/file-$file.txt", "same content\n");
			}
		}
		$runner = new BackupRunner($this->store, []);
		$runner->begin($this->request(['root' => $this->manySite]));
		do {
			$progress = $runner->step(5.0);
		} while (!$progress->isReady());
		$record = $runner->publish();

		$zip = $this->manySite . '.zip';
		$out = fopen($zip, 'xb');
		$this->assertIsResource($out);
		try {
			$archive = SnapshotArchive::open($this->store, $record->id);
			gc_collect_cycles();
			$baseline = memory_get_usage();
			if (function_exists('memory_reset_peak_usage')) {
				memory_reset_peak_usage();
			}
			$start   = microtime(true);
			$report  = $archive->writeTo($out);
			$seconds = microtime(true) - $start;
			fclose($out);

			// The size without writing anything, then the last MB as a request for it gets it: with
			// every CRC to work out, then with them known.
			$start  = microtime(true);
			$size   = $archive->size();
			$layout = microtime(true) - $start;
			$this->assertSame($report->archiveBytes, $size);
			$tail = [];
			foreach (['cold', 'warm'] as $run) {
				$start   = microtime(true);
				$request = SnapshotArchive::open($this->store, $record->id);
				$this->assertTrue($request->prepare(10.0));
				$range = fopen('php://temp', 'w+b');
				$request->writeRange($range, new ByteRange($size - 1_048_576, $size - 1));
				$tail[$run] = microtime(true) - $start;
				$this->assertSame(
					hash('sha256', (string) file_get_contents($zip, false, null, $size - 1_048_576)),
					hash('sha256', (string) stream_get_contents($range, -1, 0)),
					$run
				);
				fclose($range);
			}
			$peak = memory_get_peak_usage() - $baseline;

			$entries = self::FOLDERS * (self::FILES_PER_FOLDER + 1);
			$this->assertSame(self::FOLDERS * self::FILES_PER_FOLDER, $report->files);
			$this->assertSame(self::FOLDERS, $report->dirs);
			$this->assertLessThan(8 * 1048576, $peak, 'memory grew with the number of paths');
			$unzip = ZipTools::unzipTest($zip);
			$this->assertSame(0, $unzip['status'], substr($unzip['output'], -2000));
			$python = ZipTools::python($zip);
			$this->assertTrue($python['ok'], $python['error'] ?? '');
			$this->assertCount($entries + 1, $python['entries'] ?? [], 'every path, plus manifest.json');
		} finally {
			@unlink($zip);
		}
		fwrite(STDERR, sprintf(
			"\n[archive] %d entries from a snapshot in %.1f s; size worked out in %.1f s; last MB in %.1f s (CRCs to work out), %.1f s (known, a whole request); peak memory %.1f MB above the baseline\n",
			$entries + 1,
			$seconds,
			$layout,
			$tail['cold'],
			$tail['warm'],
			$peak / 1048576
		));
	}
}
