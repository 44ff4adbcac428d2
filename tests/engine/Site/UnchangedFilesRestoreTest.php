<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Tests\Engine\Support\RestoredCopy;

/**
 * A restore over a site that still holds most of the backup's files leaves those where they are
 * (the same inode: nothing written) and writes only what differs, however little it differs.
 */
final class UnchangedFilesRestoreTest extends SiteTestCase
{
	public function testFilesTheSiteHoldsAsBackedUpStayInPlaceAndEveryOtherIsWritten(): void
	{
		mkdir($this->site . '/wp-content/uploads', 0755, true);
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
		foreach ($files as $path => $bytes) {
			file_put_contents($this->site . '/' . $path, $bytes);
			touch($this->site . '/' . $path, 1700000000);
		}
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
