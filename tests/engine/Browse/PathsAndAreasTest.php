<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Browse;

use SiteBackups\Engine\Browse\BadPath;
use SiteBackups\Engine\Browse\Browser;
use SiteBackups\Engine\Browse\BrowsePath;
use SiteBackups\Engine\Browse\DamagedManifest;
use SiteBackups\Engine\Browse\FolderItem;
use SiteBackups\Engine\Browse\NotAFile;
use SiteBackups\Engine\Browse\NotFound;
use SiteBackups\Engine\Browse\SiteArea;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\PlantedSnapshot;

/** Paths asked for, parts of the site, names that are not UTF-8, paths left out, manifests out of order. */
final class PathsAndAreasTest extends EngineTestCase
{
	public function testEachPathBelongsToAPartOfTheSite(): void
	{
		$this->assertSame(SiteArea::ROOT, SiteArea::of('wp-config.php'));
		$this->assertSame('wp-content', SiteArea::of('wp-content/index.php'));
		$this->assertSame('wp-content/plugins', SiteArea::of('wp-content/plugins/akismet/akismet.php'));
		$this->assertSame('wp-content/uploads', SiteArea::of('wp-content/uploads/2024/01/a.jpg'));
		$this->assertSame('wp-content/mu-plugins', SiteArea::of('wp-content/mu-plugins/x.php'));
		$this->assertSame('wp-includes', SiteArea::of('wp-includes/version.php'));
		$this->assertSame('.site-backups-home', SiteArea::of('.site-backups-home/index.php'));

		foreach (['wp-content/uploads/a.php', 'wp-content/uploads/2024/01/x.PHP', 'wp-content/uploads/y.pHtMl', 'wp-content/uploads/z.Phar'] as $php) {
			$this->assertTrue(SiteArea::isPhpInUploads($php), $php);
		}
		foreach (['wp-content/uploads/a.php.jpg', 'wp-content/uploads/php', 'wp-content/uploadsx/a.php', 'wp-content/plugins/a/a.php', 'uploads/a.php'] as $other) {
			$this->assertFalse(SiteArea::isPhpInUploads($other), $other);
		}
	}

	public function testOnlyPlainRelativePathsAreAccepted(): void
	{
		$this->assertSame('', BrowsePath::folder(''));
		$this->assertSame('wp-content/uploads', BrowsePath::folder('wp-content/uploads'));
		$this->assertSame('10:30 report.txt', BrowsePath::name('10:30 report.txt'));
		foreach (['', '..', 'a/../b', '/a', "a\0", "a\nb", 'a\\b', 'a//b', 'a/', '.', 'c:x', str_repeat('a', BrowsePath::MAX_BYTES + 1)] as $bad) {
			try {
				BrowsePath::path($bad);
				$this->fail('accepted ' . json_encode($bad));
			} catch (BadPath) {
				$this->addToAssertionCount(1);
			}
		}
		$this->expectException(BadPath::class);
		BrowsePath::name('a/b');
	}

	public function testNamesThatAreNotUtf8AndPathsLeftOutAreListedAsTheBackupHoldsThem(): void
	{
		$this->write("uploads/latin1-\xE9t\xE9.txt", 'a name that is not UTF-8');
		$this->write('uploads/private/.donotbackup', '');
		$this->write('uploads/private/secret.txt', 'not backed up');
		$record  = $this->backUp();
		$browser = new Browser($this->store);

		$page = $browser->folder($record->id, 'uploads');
		$this->assertSame(["latin1-\xE9t\xE9.txt", 'private'], array_map(static fn (FolderItem $i): string => $i->name, $page->items));
		$latin = $page->items[0]->toArray();
		$this->assertSame(base64_encode("latin1-\xE9t\xE9.txt"), $latin['name_b64']);
		$this->assertArrayNotHasKey('name', $latin);
		$this->assertNotFalse(json_encode($page->toArray()));
		$private = $page->items[1];
		$this->assertFalse($private->backedUp);
		$this->assertNotNull($private->reason);

		$out = fopen('php://temp', 'w+b');
		$browser->file($record->id, "uploads/latin1-\xE9t\xE9.txt")->copyTo($out);
		$this->assertSame('a name that is not UTF-8', stream_get_contents($out, -1, 0));
		try {
			$browser->folder($record->id, 'uploads/private');
			$this->fail('a folder left out was listed');
		} catch (NotFound $e) {
			$this->assertStringContainsString('left out of the backup', $e->getMessage());
		}
		$this->expectException(NotAFile::class);
		$browser->file($record->id, 'uploads/private');
	}

	public function testAManifestOutOfOrderIsDamagedNotMisread(): void
	{
		$planted = PlantedSnapshot::publish($this->store, [
			PlantedSnapshot::folder('b'),
			PlantedSnapshot::file($this->store, 'b/x.txt', 'x'),
			PlantedSnapshot::folder('a'),
			PlantedSnapshot::file($this->store, 'a/y.txt', 'y'),
		]);
		$this->expectException(DamagedManifest::class);
		$this->expectExceptionMessage('out of order');
		(new Browser($this->store))->folder($planted->id);
	}
}
