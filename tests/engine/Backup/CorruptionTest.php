<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

final class CorruptionTest extends EngineTestCase
{
	public function testAFlippedByteIsReportedWithThePathsUsingTheObject(): void
	{
		$this->write('a/one.txt', str_repeat('same content ', 500));
		$this->write('b/copy-of-one.txt', str_repeat('same content ', 500));
		$this->write('c/other.txt', 'other');
		$record = $this->backUp();
		$hash   = $this->chunkOf($record->id, 'a/one.txt');

		$path = $this->store->objects()->pathFor($hash);
		$bytes = file_get_contents($path);
		$bytes[intdiv(strlen($bytes), 2)] = chr(ord($bytes[intdiv(strlen($bytes), 2)]) ^ 0x01);
		file_put_contents($path, $bytes);

		$report = (new Verifier($this->store))->verify($record->id);
		$this->assertFalse($report->isOk());
		$this->assertSame([$hash => ['a/one.txt', 'b/copy-of-one.txt']], $report->corrupt);
		$this->assertSame([], $report->missing);
	}

	public function testADeletedObjectIsReportedAsMissing(): void
	{
		$this->write('a.txt', 'alpha');
		$this->write('b.txt', 'beta');
		$record = $this->backUp();
		$hash   = $this->chunkOf($record->id, 'b.txt');
		unlink($this->store->objects()->pathFor($hash));

		$report = (new Verifier($this->store))->verify($record->id);
		$this->assertSame([$hash => ['b.txt']], $report->missing);
		$this->assertSame([], $report->corrupt);
	}

	public function testADamagedDatabaseChunkIsReportedWithItsTable(): void
	{
		$this->write('a.txt', 'alpha');
		$record = $this->backUp(sources: [new FakeTableSource(['wp_users' => 10, 'wp_posts' => 120], 50)]);
		$chunks = iterator_to_array((new SnapshotReader($this->store))->sourceChunks($record->id, 'database'), false);
		unlink($this->store->objects()->pathFor($chunks[1]->hash));

		$report = (new Verifier($this->store))->verify($record->id);
		$this->assertSame([$chunks[1]->hash => ['database: wp_posts']], $report->missing);
	}

	public function testADamagedManifestPieceIsReported(): void
	{
		$this->write('a.txt', 'alpha');
		$record = $this->backUp();
		file_put_contents($this->store->objects()->pathFor($record->filePieces[0]), 'garbage');

		$report = (new Verifier($this->store))->verify($record->id);
		$this->assertSame([$record->filePieces[0] => ['files manifest piece 0']], $report->corrupt);
	}

	public function testASampleChecksOnlyThatManyObjects(): void
	{
		for ($i = 0; $i < 40; $i++) {
			$this->write("f$i.txt", "content $i");
		}
		$record = $this->backUp();

		$report = (new Verifier($this->store))->verify($record->id, 5);
		$this->assertTrue($report->isOk());
		$this->assertSame(40, $report->references);
		$this->assertSame(5 + count($record->filePieces), $report->objectsChecked);
	}

	private function chunkOf(string $id, string $path): string
	{
		foreach ((new SnapshotReader($this->store))->entries($id) as $entry) {
			if ($entry->path === $path) {
				return $entry->chunks[0];
			}
		}
		$this->fail("no $path");
	}
}
