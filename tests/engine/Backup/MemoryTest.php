<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/** Large files go through in bounded memory, with the real 8 MiB chunks. */
final class MemoryTest extends EngineTestCase
{
	public function testBackingUpAndRestoringLargeFilesStaysFarBelowTheHostLimit(): void
	{
		$sparse = fopen($this->site . '/zeros.bin', 'wb');
		ftruncate($sparse, 150 * 1024 * 1024); // zeros: the worst case for inflating on read
		fclose($sparse);
		$random = fopen($this->site . '/random.mp4', 'wb');
		for ($i = 0; $i < 20; $i++) {
			fwrite($random, random_bytes(1024 * 1024));
		}
		fclose($random);

		memory_reset_peak_usage();
		$base   = memory_get_usage();
		$record = $this->backUp(['chunkBytes' => BackupRequest::DEFAULT_CHUNK]);
		RestoredCopy::files($this->store, $record->id, $this->tmp . '/restored');
		$peak = memory_get_peak_usage() - $base;

		fwrite(STDERR, sprintf("\n[memory] 170 MB backed up and restored with a peak of %.1f MB above the baseline\n", $peak / 1048576));
		$this->assertLessThan(32 * 1024 * 1024, $peak);
		$this->assertSame(hash_file('sha256', $this->site . '/random.mp4'), hash_file('sha256', $this->tmp . '/restored/random.mp4'));
		$this->assertSame(hash_file('sha256', $this->site . '/zeros.bin'), hash_file('sha256', $this->tmp . '/restored/zeros.bin'));
		$this->assertSame(20 * 1024 * 1024 + 3 * (4 + \SiteBackups\Engine\Store\GuardedFile::length()), $record->meta['new_bytes'] - $this->zerosAndPieceBytes($record), 'random data stored raw');
	}

	private function zerosAndPieceBytes(\SiteBackups\Engine\Snapshot\SnapshotRecord $record): int
	{
		// The zero chunks dedupe to one object; count what is not the random file.
		$objects = $this->store->objects();
		$total   = 0;
		foreach ((new \SiteBackups\Engine\Read\SnapshotReader($this->store))->entries($record->id) as $entry) {
			if ('zeros.bin' === $entry->path) {
				foreach (array_unique($entry->chunks) as $hash) {
					$total += $objects->size($hash);
				}
			}
		}
		foreach ($record->filePieces as $piece) {
			$total += $objects->size($piece);
		}
		return $total;
	}
}
