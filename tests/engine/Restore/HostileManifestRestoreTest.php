<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Restore\FilesRestore;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Store\StoreProtection;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FolderState;
use SiteBackups\Tests\Engine\Support\ManifestTricks;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/**
 * A backup read back from a store or a bucket is untrusted: a real snapshot of the site, tampered
 * with one trick at a time, must be refused by the restore before anything is written, leaving
 * the site, the folder above it and a folder outside both exactly as they were.
 */
final class HostileManifestRestoreTest extends EngineTestCase
{
	private string $outside;

	protected function setUp(): void
	{
		parent::setUp();
		$this->outside = $this->tmp . '/outside';
		mkdir($this->outside . '/sub', 0755, true);
		file_put_contents($this->outside . '/sub/x.php', "<?php // the outside folder's own file\n");
		$this->write('index.php', "<?php // front\n", 1_600_000_000);
		$this->write('wp-config.php', "<?php // config\n");
		$this->write('wp-content/themes/theme/style.css', 'body{}');
		$this->write('wp-content/uploads/2024/01/photo.jpg', random_bytes(3000));
		$this->write("wp-content/uploads/latin1-\xE9t\xE9.txt", 'a name that is not UTF-8');
		$this->write('wp-content/uploads/10:30 report.txt', 'a colon inside a name is fine');
		symlink('wp-content/uploads', $this->site . '/uploads-link');
	}

	/** @return array<string, array{string}> */
	public static function tricks(): array
	{
		return ManifestTricks::cases();
	}

	#[DataProvider('tricks')]
	public function testTheRestoreJobsFilesRestoreRefusesBeforeWritingAnything(string $trick): void
	{
		[$id, $expected] = $this->plant($trick);
		$backups = Repository::open($this->storeDir);
		$before  = FolderState::of($this->tmp);

		$area = FilesRestore::newArea($this->site);
		$this->assertSame($this->tmp, dirname($area), 'staged beside the site');
		try {
			$backups->filesRestore($id, $this->site, $area, $this->protectedPaths())->stage(0, 30.0);
			$this->fail('A manifest with an unsafe path was staged.');
		} catch (UnsafePath $e) {
			$this->assertStringContainsString('The backup holds an unsafe path: ' . $expected, $e->getMessage());
		}
		$protection = array_keys(StoreProtection::files());
		$this->assertSame(['site'], array_values(array_diff(scandir($area) ?: [], ['.', '..'], $protection)));
		$this->assertSame([], FolderState::of($area . '/site'), 'nothing was staged');
		// The job discards the staging area when a step fails before the switch.
		$backups->filesRestore($id, $this->site, $area, $this->protectedPaths())->discard();

		$this->assertSame($before, FolderState::of($this->tmp));
		$this->assertSame("<?php // the outside folder's own file\n", file_get_contents($this->outside . '/sub/x.php'));
	}

	/** The staging pass checks each entry itself: a step resumed after the first pass still refuses. */
	public function testAStagingStepThatResumesStillRefusesAndWritesNothingOutsideTheStagingFolder(): void
	{
		[$id, $expected] = $this->plant('symlink escape');
		$backups = Repository::open($this->storeDir);
		$before  = FolderState::of($this->tmp);
		$area    = FilesRestore::newArea($this->site);
		try {
			// Past the first entry, as after a step that was killed: no pass over the whole manifest first.
			$backups->filesRestore($id, $this->site, $area, $this->protectedPaths())->stage(1, 30.0);
			$this->fail('A manifest with an unsafe path was staged.');
		} catch (UnsafePath $e) {
			$this->assertStringContainsString('The backup holds an unsafe path: ' . $expected, $e->getMessage());
		}
		$this->assertFileDoesNotExist($area . '/site/a/sub/x.php');
		$backups->filesRestore($id, $this->site, $area, $this->protectedPaths())->discard();
		$this->assertSame($before, FolderState::of($this->tmp));
	}

	/** Whatever the manifest says, a folder replaced by a link between two steps is never written through. */
	public function testAStagedFolderReplacedByALinkBetweenStepsIsNotWrittenThrough(): void
	{
		$record = $this->backUp();
		$backups = Repository::open($this->storeDir);
		$area    = FilesRestore::newArea($this->site);
		$restore = fn (): FilesRestore => $backups->filesRestore($record->id, $this->site, $area, $this->protectedPaths());
		$done    = 0;
		while (!is_dir($area . '/site/wp-content/themes')) {
			$done = $restore()->stage($done, 0.0)->entriesDone;
		}
		$outsideBefore = FolderState::of($this->outside);
		rmdir($area . '/site/wp-content/themes');
		symlink($this->outside, $area . '/site/wp-content/themes');
		try {
			do {
				$progress = $restore()->stage($done, 0.0);
				$done     = $progress->entriesDone;
			} while (!$progress->complete);
			$this->fail('Staged through a symbolic link.');
		} catch (UnsafePath $e) {
			$this->assertStringContainsString('Refused to write wp-content/themes/theme through a symbolic link (wp-content/themes)', $e->getMessage());
		}
		$this->assertSame($outsideBefore, FolderState::of($this->outside));
		$restore()->discard();
	}

	public function testASiteWithLinksOddNamesAndLeftOutFoldersStillRestores(): void
	{
		$this->write('wp-content/cache/page.html', 'cached');
		$record = $this->backUp(['extraExclusions' => ['wp-content/cache']]);
		$tree   = self::describeTree($this->site, ['wp-content/cache']);
		unlink($this->site . '/uploads-link');
		unlink($this->site . "/wp-content/uploads/latin1-\xE9t\xE9.txt");
		file_put_contents($this->site . '/wp-content/uploads/10:30 report.txt', 'changed since');
		file_put_contents($this->site . '/wp-content/cache/page.html', 'cached again');
		RestoredCopy::files($this->store, $record->id, $this->site);
		$this->assertSame($tree, self::describeTree($this->site, ['wp-content/cache']));
		$this->assertSame('cached again', file_get_contents($this->site . '/wp-content/cache/page.html'), 'a left-out folder is left as it is');
	}

	/**
	 * A copy of a real backup of the site with one trick planted.
	 * @return array{0: string, 1: string} the snapshot's id, and the start of the message that must refuse it
	 */
	private function plant(string $trick): array
	{
		[$id, $expected] = ManifestTricks::plant($this->store, $this->backUp()->id, $this->outside, $trick);
		return [$id, $expected];
	}

	private function protectedPaths(): ProtectedPaths
	{
		return new ProtectedPaths($this->site, ['wp-config.php'], [$this->storeDir], new ExclusionRules($this->storeDir));
	}
}
