<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Tests\Engine\Support\CountingOpener;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class FileTroubleTest extends EngineTestCase
{
	public function testUnreadableFileIsRecordedAsSkippedWithItsReason(): void
	{
		$this->write('ok.txt', 'fine');
		$this->write('locked.txt', 'secret');
		$opener           = new CountingOpener($this->site);
		$opener->refuse[] = 'locked.txt';

		$record = $this->backUp(opener: $opener);

		$entries = $this->entries($record->id);
		$this->assertSame(Entry::SKIPPED, $entries['locked.txt']->status);
		$this->assertStringContainsString('unreadable', (string) $entries['locked.txt']->reason);
		$this->assertTrue($entries['ok.txt']->isBackedUp());
		$this->assertSame('partial', $record->meta['status']);
		$this->assertSame(1, $record->meta['counts']['skipped']);
	}

	public function testAFileThatChangesOnceIsReadAgain(): void
	{
		$this->write('log.txt', 'first version');
		$opener = new CountingOpener($this->site);
		$opener->afterOpen['log.txt'] = function (string $path) use ($opener): void {
			unset($opener->afterOpen['log.txt']);
			file_put_contents($path, 'second, longer version', FILE_APPEND);
		};

		$record = $this->backUp(opener: $opener);

		$this->assertSame(2, $opener->opened['log.txt']);
		$entry = $this->entries($record->id)['log.txt'];
		$this->assertTrue($entry->isBackedUp());
		$this->assertSame(filesize($this->site . '/log.txt'), $entry->size);
	}

	public function testAFileThatKeepsChangingIsSkippedAfterOneRetry(): void
	{
		$this->write('busy.log', 'x');
		$opener = new CountingOpener($this->site);
		$opener->afterOpen['busy.log'] = static function (string $path): void {
			file_put_contents($path, 'more', FILE_APPEND);
		};

		$record = $this->backUp(opener: $opener);

		$this->assertSame(2, $opener->opened['busy.log']);
		$entry = $this->entries($record->id)['busy.log'];
		$this->assertSame(Entry::SKIPPED, $entry->status);
		$this->assertStringContainsString('changed while being read', (string) $entry->reason);
	}

	public function testAFileThatVanishesIsRecordedAsSkipped(): void
	{
		$this->write('a.txt', 'a');
		$this->write('gone.txt', 'soon gone');
		$opener = new CountingOpener($this->site);
		$opener->afterOpen['gone.txt'] = static function (string $path): void {
			unlink($path);
		};

		$record = $this->backUp(opener: $opener);

		$entry = $this->entries($record->id)['gone.txt'];
		$this->assertSame(Entry::SKIPPED, $entry->status);
		$this->assertStringContainsString('vanished', (string) $entry->reason);
	}

	public function testUnsupportedFileTypesAreSkippedNotFollowed(): void
	{
		if (!function_exists('posix_mkfifo')) {
			$this->markTestSkipped('posix_mkfifo is not available');
		}
		posix_mkfifo($this->site . '/a-fifo', 0644);

		$entry = $this->entries($this->backUp()->id)['a-fifo'];

		$this->assertSame(Entry::SKIPPED, $entry->status);
	}

	/** @return array<string, Entry> */
	private function entries(string $id): array
	{
		$entries = [];
		foreach ((new SnapshotReader($this->store))->entries($id) as $entry) {
			$entries[$entry->path] = $entry;
		}
		return $entries;
	}
}
