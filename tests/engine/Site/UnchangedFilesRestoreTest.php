<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Manifest\PathOrder;
use SiteBackups\Engine\Restore\FilesRestore;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/**
 * A restore over a site that still holds most of the backup's files leaves those where they are
 * (the same inode: nothing written) and writes only what differs, however little it differs.
 */
final class UnchangedFilesRestoreTest extends SiteTestCase
{
	public function testFilesTheSiteHoldsAsBackedUpStayInPlaceAndEveryOtherIsWritten(): void
	{
		$chunks = random_bytes(3 * self::CHUNK + 1000);
		$files  = [
			'index.php'                    => '<?php // front controller',
			'wp-content/uploads/big.bin'   => $chunks,
			'wp-content/uploads/flip.bin'  => $chunks,
			'wp-content/uploads/mode.txt'  => 'mode',
			'wp-content/uploads/link.txt'  => 'becomes a link',
			'wp-content/uploads/gone.txt'  => 'deleted after the backup',
			'wp-content/uploads/short.txt' => 'shortened after the backup',
		];
		$this->plantFiles($files);
		$record = $this->backUpSite();
		$before = self::describeTree($this->site);
		$inode  = fn (string $path): int => (int) fileinode($this->site . '/' . $path);
		$kept   = ['index.php' => $inode('index.php'), 'wp-content/uploads/big.bin' => $inode('wp-content/uploads/big.bin')];

		// One byte of the third chunk, with the size and time put back: only the bytes tell.
		$flip = $this->site . '/wp-content/uploads/flip.bin';
		$handle = fopen($flip, 'r+b');
		fseek($handle, 2 * self::CHUNK + 10);
		fwrite($handle, chr(ord($chunks[2 * self::CHUNK + 10]) ^ 1));
		fclose($handle);
		touch($flip, 1700000000);
		$flipped = $inode('wp-content/uploads/flip.bin');
		chmod($this->site . '/wp-content/uploads/mode.txt', 0600);
		unlink($this->site . '/wp-content/uploads/link.txt');
		symlink('big.bin', $this->site . '/wp-content/uploads/link.txt');
		unlink($this->site . '/wp-content/uploads/gone.txt');
		file_put_contents($this->site . '/wp-content/uploads/short.txt', 'shorter');
		touch($this->site . '/wp-content/uploads/short.txt', 1700000000);
		file_put_contents($this->site . '/wp-content/uploads/added.txt', 'new since');
		$this->assertNotSame($before, self::describeTree($this->site));

		RestoredCopy::files($this->backups()->store(), $record->id, $this->site, 0.0);

		$this->assertSame($before, self::describeTree($this->site));
		foreach ($kept as $path => $was) {
			$this->assertSame($was, $inode($path), "$path was left in place");
			$this->assertSame(1, (int) stat($this->site . '/' . $path)['nlink'], "$path has no name left in the staging area");
		}
		$this->assertNotSame($flipped, $inode('wp-content/uploads/flip.bin'), 'a file with other bytes is written anew');
		$this->assertSame(hash('sha256', $chunks), hash_file('sha256', $flip));
		$this->assertSame([], glob(dirname($this->site) . '/site-.site-backups-restore-*') ?: []);
	}

	public function testARestoreOverAnIdenticalSiteWritesNoFile(): void
	{
		$this->copyWordPress();
		$record = $this->backUpSite();
		$before = self::describeTree($this->site);
		$inodes = self::inodes($this->site);

		RestoredCopy::files($this->backups()->store(), $record->id, $this->site, 0.0);

		$this->assertSame($before, self::describeTree($this->site));
		$this->assertSame($inodes, self::inodes($this->site), 'every file is the one that was there');
	}

	public function testALiveFileWrittenInPlaceAfterItWasStagedAsALinkIsPutBackAsBackedUp(): void
	{
		$files = [
			'.htaccess'                      => "# BEGIN WordPress\nRewriteEngine On\n# END WordPress\n",
			'wp-content/uploads/same.txt'    => 'rewritten with the same size',
			'wp-content/uploads/longer.txt'  => 'truncated and written again',
			'wp-content/uploads/touched.txt' => 'written, its time put back',
			'wp-content/uploads/mode.txt'    => 'its mode changed',
			'wp-content/uploads/left.txt'    => 'left alone',
		];
		$this->plantFiles($files);
		$record = $this->backUpSite();
		$before = self::describeTree($this->site);
		$left   = (int) fileinode($this->site . '/wp-content/uploads/left.txt');

		RestoredCopy::files($this->backups()->store(), $record->id, $this->site, 0.0, staged: function (): void {
			$live = fn (string $path): string => $this->site . '/' . $path;
			foreach (['.htaccess', 'wp-content/uploads/same.txt'] as $path) {
				$this->assertGreaterThan(1, (int) stat($live($path))['nlink'], "$path is staged as a second name of the live file");
				$handle = fopen($live($path), 'r+b'); // as WordPress's insert_with_markers() writes .htaccess
				fwrite($handle, strtoupper((string) file_get_contents($live($path))));
				fclose($handle);
			}
			file_put_contents($live('wp-content/uploads/longer.txt'), 'a longer text than the backup has for it');
			// ctime counts whole seconds: the write must come in a later second than the link.
			sleep(1);
			$handle = fopen($live('wp-content/uploads/touched.txt'), 'r+b');
			fwrite($handle, 'W');
			fclose($handle);
			touch($live('wp-content/uploads/touched.txt'), 1700000000);
			chmod($live('wp-content/uploads/mode.txt'), 0600);
		});

		$this->assertSame($before, self::describeTree($this->site), 'every file as the backup has it');
		$this->assertSame($left, (int) fileinode($this->site . '/wp-content/uploads/left.txt'), 'a file nobody wrote stays in place');
	}

	public function testFilesStagedAgainAfterAKilledStepAreListedOnceAndStillChecked(): void
	{
		$this->copyWordPress();
		$record  = $this->backUpSite();
		$before  = self::describeTree($this->site);
		$site    = SiteTree::at($this->site);
		$area    = FilesRestore::newArea($this->site);
		$restore = fn (): FilesRestore => new FilesRestore($this->backups()->store(), $record->id, $site, $area, new ProtectedPaths($site, []));
		$this->assertTrue($restore()->stage(0, 60.0)->complete);
		// A step that staged on from entry 5 was killed before its progress was saved, cut off mid-line.
		file_put_contents($area . '/linked.txt', "99999\t1\t2", FILE_APPEND);
		$this->assertTrue($restore()->stage(5, 60.0)->complete);

		$listed = array_map(static fn (string $line): string => rawurldecode(explode("\t", rtrim($line, "\n"))[6]), file($area . '/linked.txt'));
		$expected = array_keys(self::inodes($this->site));
		usort($expected, PathOrder::compare(...));
		$this->assertSame($expected, $listed, 'every file once, in manifest order');

		$handle = fopen($this->site . '/index.php', 'ab');
		fwrite($handle, '// written after it was staged');
		fclose($handle);
		$cursor = null;
		do {
			$cursor = $restore()->prune($cursor, 60.0);
		} while (null !== $cursor);
		$files = $restore();
		$this->assertTrue($files->move(60.0));
		$restore()->discard();

		$this->assertSame(1, $files->linkedRewritten(), 'only the file written to');
		$this->assertSame($before, self::describeTree($this->site));
	}

	public function testAFileAsBackedUpBehindALinkedFolderIsNeitherReadNorLinkedThroughIt(): void
	{
		mkdir($this->site . '/wp-content/uploads', 0755, true);
		$bytes = random_bytes(2 * self::CHUNK + 10);
		file_put_contents($this->site . '/wp-content/uploads/photo.jpg', $bytes);
		touch($this->site . '/wp-content/uploads/photo.jpg', 1700000000);
		$record = $this->backUpSite();
		$before = self::describeTree($this->site);

		// The same file, same size, mode and time, now reached through a folder that is a link elsewhere.
		$outside = $this->tmp . '/outside';
		rename($this->site . '/wp-content/uploads', $outside);
		symlink($outside, $this->site . '/wp-content/uploads');
		$elsewhere = (int) fileinode($outside . '/photo.jpg');

		RestoredCopy::files($this->backups()->store(), $record->id, $this->site, 0.0);

		$this->assertSame($before, self::describeTree($this->site));
		$this->assertFalse(is_link($this->site . '/wp-content/uploads'), 'a real folder again');
		$this->assertNotSame($elsewhere, (int) fileinode($this->site . '/wp-content/uploads/photo.jpg'), 'written, not linked to the file elsewhere');
		clearstatcache();
		$this->assertSame(1, (int) stat($outside . '/photo.jpg')['nlink'], 'the file elsewhere has no second name');
		$this->assertSame($bytes, file_get_contents($outside . '/photo.jpg'));
	}

	/**
	 * Writes each file into the site (in an uploads folder made for them), all with one time long past.
	 * @param array<string, string> $files bytes by path
	 */
	private function plantFiles(array $files): void
	{
		mkdir($this->site . '/wp-content/uploads', 0755, true);
		foreach ($files as $path => $bytes) {
			file_put_contents($this->site . '/' . $path, $bytes);
			touch($this->site . '/' . $path, 1700000000);
		}
	}

	/** @return array<string, int> every regular file's inode, by path */
	private static function inodes(string $root): array
	{
		$inodes = [];
		$files  = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS));
		foreach ($files as $file) {
			if ($file->isFile() && !$file->isLink() && $file->getSize() > 0) {
				$inodes[substr($file->getPathname(), strlen($root) + 1)] = $file->getInode();
			}
		}
		ksort($inodes);
		return $inodes;
	}
}
