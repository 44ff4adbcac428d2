<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

final class SourceTest extends EngineTestCase
{
	public function testASourceStreamIsStoredAsChunksAndReadBackAsOneStream(): void
	{
		$this->write('index.php', '<?php');
		$source = new FakeTableSource(['wp_options' => 30, 'wp_posts' => 260], 50);

		$record = $this->backUp(sources: [$source]);

		$this->assertSame(1 + 6, $record->sources['database']['chunks']);
		$this->assertSame(['hints' => ['wp_options' => ['rows' => 30], 'wp_posts' => ['rows' => 260]]], $record->sourceNotes('database'));
		$out = fopen('php://memory', 'w+b');
		$bytes = (new SnapshotReader($this->store))->streamSource($record->id, 'database', $out);
		$this->assertSame($source->expectedSql(), stream_get_contents($out, -1, 0));
		$this->assertSame(strlen($source->expectedSql()), $bytes);
		$labels = array_map(static fn ($c) => $c->label, iterator_to_array((new SnapshotReader($this->store))->sourceChunks($record->id, 'database'), false));
		$this->assertSame(['wp_options', 'wp_posts', 'wp_posts', 'wp_posts', 'wp_posts', 'wp_posts', 'wp_posts'], $labels);
	}

	public function testUnchangedSourceChunksDedupeAndTheParentsNotesComeBack(): void
	{
		$this->write('index.php', '<?php');
		$this->backUp(sources: [new FakeTableSource(['wp_posts' => 500], 50)]);
		$again = new FakeTableSource(['wp_posts' => 500], 50);

		$second = $this->backUp(sources: [$again]);

		$notes = $again->parentNotesSeen;
		$this->assertSame(['hints', BackupRunner::CHUNK_LISTS], array_keys((array) $notes));
		$this->assertSame(['wp_posts' => ['rows' => 500]], $notes['hints']);
		// And the parent's chunks of each label, in order: what a source may reuse whole.
		$this->assertSame(['wp_posts'], array_keys($notes[BackupRunner::CHUNK_LISTS]));
		$this->assertCount(10, $notes[BackupRunner::CHUNK_LISTS]['wp_posts']);
		$this->assertSame(0, $second->meta['new_bytes']);
	}

	public function testAResumedBackupNeedsItsSources(): void
	{
		$runner = new \SiteBackups\Engine\Backup\BackupRunner($this->store, [new FakeTableSource(['t' => 1])]);
		$id     = $runner->begin($this->request());

		$this->expectException(\LogicException::class);
		(new \SiteBackups\Engine\Backup\BackupRunner($this->store))->resume($id);
	}
}
