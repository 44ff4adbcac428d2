<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use SiteBackups\Engine\Store\DurableRenames;
use SiteBackups\Engine\Store\StoreWriteFailed;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class DurableRenamesTest extends EngineTestCase
{
	public function testCommitMovesEveryFileUnderItsNameMakingTheFoldersItNeeds(): void
	{
		$renames = new DurableRenames();
		foreach (['a', 'b', 'c'] as $i => $name) {
			file_put_contents("{$this->tmp}/temp-$name", "bytes of $name");
			$renames->add("{$this->tmp}/temp-$name", "{$this->tmp}/objects/" . ($i % 2) . "/$name");
		}
		$renames->commit();
		$renames->discard(); // nothing left to discard

		$this->assertSame('bytes of a', file_get_contents("{$this->tmp}/objects/0/a"));
		$this->assertSame('bytes of b', file_get_contents("{$this->tmp}/objects/1/b"));
		$this->assertSame('bytes of c', file_get_contents("{$this->tmp}/objects/0/c"));
		$this->assertSame([], glob("{$this->tmp}/temp-*"));
	}

	public function testAFileThatCannotBeFlushedFailsTheBatchBeforeAnyHasItsNameAndTheRestAreDiscarded(): void
	{
		$renames = new DurableRenames();
		file_put_contents("{$this->tmp}/temp-a", 'a');
		$renames->add("{$this->tmp}/temp-a", "{$this->tmp}/named/a");
		$renames->add("{$this->tmp}/temp-gone", "{$this->tmp}/named/gone");
		try {
			$renames->commit();
			$this->fail('a file that is not there cannot be flushed');
		} catch (StoreWriteFailed $e) {
			$this->assertStringContainsString('temp-gone', $e->getMessage());
		}
		$this->assertFileDoesNotExist("{$this->tmp}/named/a", 'no file is named before all are flushed');

		$renames->discard();
		$this->assertFileDoesNotExist("{$this->tmp}/temp-a");
	}
}
