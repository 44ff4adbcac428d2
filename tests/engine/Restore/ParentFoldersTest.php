<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Restore\ParentFolders;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/** The last check before every write of a restore, on the real file system. */
final class ParentFoldersTest extends EngineTestCase
{
	protected function setUp(): void
	{
		parent::setUp();
		mkdir($this->site . '/wp-content/uploads', 0755, true);
		mkdir($this->tmp . '/outside/sub', 0755, true);
		symlink($this->tmp . '/outside', $this->site . '/wp-content/linked');
		file_put_contents($this->site . '/wp-content/plain.txt', 'x');
	}

	public function testRealFoldersPassAndASiteRootThatIsItselfALinkIsFine(): void
	{
		ParentFolders::assertInside($this->site, 'wp-content/uploads/new.jpg', 'the site');
		ParentFolders::assertInside($this->site, 'top-level.php', 'the site');
		symlink($this->site, $this->tmp . '/site-link');
		ParentFolders::assertInside($this->tmp . '/site-link', 'wp-content/uploads/new.jpg', 'the site');
		$this->assertTrue(ParentFolders::areReal($this->tmp . '/site-link/', 'wp-content/uploads/new.jpg'));
	}

	/** @return array<string, array{string, string}> */
	public static function refusals(): array
	{
		return [
			'a link on the way'        => ['wp-content/linked/sub/x.php', 'Refused to write wp-content/linked/sub/x.php through a symbolic link (wp-content/linked).'],
			'a file on the way'        => ['wp-content/plain.txt/x.php', 'Refused to write wp-content/plain.txt/x.php below something that is not a folder (wp-content/plain.txt).'],
			'a missing folder'         => ['wp-content/ghost/x.php', 'Refused to write wp-content/ghost/x.php in a folder that does not exist (wp-content/ghost).'],
			'real folders, then out'   => ['wp-content/uploads/../../../outside/sub/x.php', 'Refused to write wp-content/uploads/../../../outside/sub/x.php outside the site.'],
		];
	}

	#[\PHPUnit\Framework\Attributes\DataProvider('refusals')]
	public function testAnythingButRealFoldersInsideTheBaseIsRefused(string $path, string $message): void
	{
		$this->assertFalse(ParentFolders::areReal($this->site, $path));
		$this->expectException(UnsafePath::class);
		$this->expectExceptionMessage($message);
		ParentFolders::assertInside($this->site, $path, 'the site');
	}
}
