<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Files;

use SiteBackups\Engine\Files\TreeWalker;
use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

final class TreeWalkerTest extends EngineTestCase
{
	protected function setUp(): void
	{
		parent::setUp();
		foreach (['a/b/c.txt', 'a-b.txt', 'a.txt', 'a/z.txt', 'B.txt', 'é.txt', 'a/b/d/e.txt', 'z/y.txt'] as $path) {
			$this->write($path, $path);
		}
		mkdir($this->site . '/empty');
	}

	public function testWalksFoldersBeforeTheirContentsInByteOrder(): void
	{
		$paths = $this->walkAll(TreeWalker::resumeAfter($this->site, null, false));

		$this->assertSame(['B.txt', 'a', 'a/b', 'a/b/c.txt', 'a/b/d', 'a/b/d/e.txt', 'a/z.txt', 'a-b.txt', 'a.txt', 'empty', 'z', 'z/y.txt', 'é.txt'], $paths);
		$sorted = $paths;
		usort($sorted, PathOrder::compare(...));
		$this->assertSame($paths, $sorted, 'the walk order is the manifest order');
	}

	public function testResumingAfterAnyPathGivesTheRestOfTheWalk(): void
	{
		$all = $this->walkAll(TreeWalker::resumeAfter($this->site, null, false));
		foreach ($all as $i => $path) {
			$entered = is_dir($this->site . '/' . $path);
			$rest    = $this->walkAll(TreeWalker::resumeAfter($this->site, $path, $entered));
			$this->assertSame(array_slice($all, $i + 1), $rest, "resuming after $path");
		}
	}

	/** @return list<string> */
	private function walkAll(TreeWalker $walker): array
	{
		$paths = [];
		while (null !== ($path = $walker->next())) {
			$paths[] = $path;
			if (is_dir($this->site . '/' . $path) && !is_link($this->site . '/' . $path)) {
				$walker->enter($path);
			}
		}
		return $paths;
	}
}
