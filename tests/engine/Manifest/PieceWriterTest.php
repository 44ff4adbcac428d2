<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Manifest;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Manifest\PieceWriter;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class PieceWriterTest extends EngineTestCase
{
	public function testPiecesAreCutByContentSoAnInsertionChangesOnlyOnePiece(): void
	{
		$paths  = array_map(static fn (int $i): string => sprintf('wp-content/uploads/file-%05d.jpg', $i), range(0, 3000));
		$before = $this->writePieces($paths, 'a');
		array_splice($paths, 1500, 0, ['wp-content/uploads/file-01500-new.jpg']);
		$after = $this->writePieces($paths, 'b');

		$this->assertGreaterThan(5, count($before));
		$this->assertCount(1, array_diff($after, $before), 'only the piece holding the new line differs');
		$lines = iterator_to_array((new PieceReader($this->store->objects(), $after))->lines(), false);
		$this->assertCount(3002, $lines);
		$this->assertSame('wp-content/uploads/file-01500-new.jpg', Entry::fromJson($lines[1500])->path);
	}

	public function testAWriterRebuiltFromSavedStateDiscardsWhatCameAfter(): void
	{
		$dir    = $this->tmp . '/parts';
		$writer = new PieceWriter($this->store->objects(), $dir, [], 1 << 20);
		$writer->append('{"n":1}', 'one');
		$writer->sync();
		$saved = $writer->state();
		$writer->append('{"n":"lost in a crash"}', 'two');
		$writer->close();

		$resumed = new PieceWriter($this->store->objects(), $dir, $saved, 1 << 20);
		$resumed->append('{"n":2}', 'two');
		$pieces = $resumed->finish();

		$this->assertSame("{\"n\":1}\n{\"n\":2}\n", $this->store->objects()->readSmall($pieces[0]));
	}

	public function testNamesThatAreNotUtf8SurviveTheManifest(): void
	{
		$entry = new Entry("caf\xE9/\xFF.txt", Entry::SYMLINK, mode: 0777, target: "\xFEtarget");
		$back  = Entry::fromJson($entry->toJson());
		$this->assertSame("caf\xE9/\xFF.txt", $back->path);
		$this->assertSame("\xFEtarget", $back->target);
	}

	/**
	 * @param list<string> $paths
	 * @return list<string>
	 */
	private function writePieces(array $paths, string $dir): array
	{
		$writer = new PieceWriter($this->store->objects(), $this->tmp . '/' . $dir, [], 1 << 20);
		foreach ($paths as $path) {
			$writer->append((new Entry($path, Entry::FILE, size: 10, mode: 0644, mtime: 1, inode: 2))->toJson(), $path);
		}
		return $writer->finish();
	}
}
