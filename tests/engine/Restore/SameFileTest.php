<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Restore\SameFile;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/**
 * Whether a file of the site is the one a snapshot's entry describes: a cheap look at its lstat(),
 * then its bytes, so a restore can put its parent-folder checks between the two.
 */
final class SameFileTest extends EngineTestCase
{
	private const MTIME = 1_700_000_000;

	private string $path;
	private string $bytes;
	private Entry $entry;

	protected function setUp(): void
	{
		parent::setUp();
		$this->path  = $this->site . '/file.bin';
		$this->bytes = random_bytes(2 * self::CHUNK + 100);
		$this->entry = self::entryFor('file.bin', $this->bytes, 0640);
		$this->writeFile($this->path, $this->bytes, 0640);
	}

	public function testTheFileAsBackedUpLooksTheSameAndHashesTheSame(): void
	{
		$stat = SameFile::looksSame($this->path, $this->entry, self::CHUNK);

		$this->assertNotNull($stat);
		$this->assertSame(fileinode($this->path), $stat['ino']);
		$this->assertTrue(SameFile::hashesMatch($this->path, $this->entry, self::CHUNK, $stat));
	}

	public function testTheLookAloneTellsAChangedSizeModeTimeOrTypeWithoutOpeningTheFile(): void
	{
		chmod($this->path, 0); // the look needs no access to the file's bytes
		$this->assertNull(SameFile::looksSame($this->path, self::entryFor('file.bin', $this->bytes . 'x', 0), self::CHUNK), 'size');
		$this->assertNull(SameFile::looksSame($this->path, self::entryFor('file.bin', $this->bytes, 0640), self::CHUNK), 'mode');
		$this->assertNotNull(SameFile::looksSame($this->path, self::entryFor('file.bin', $this->bytes, 0), self::CHUNK));
		touch($this->path, self::MTIME + 1);
		$this->assertNull(SameFile::looksSame($this->path, self::entryFor('file.bin', $this->bytes, 0), self::CHUNK), 'time');

		symlink($this->path, $this->site . '/link.bin');
		$this->assertNull(SameFile::looksSame($this->site . '/link.bin', $this->entry, self::CHUNK), 'a link is never the file');
		$this->assertNull(SameFile::looksSame($this->site . '/missing.bin', $this->entry, self::CHUNK));
		$this->assertNull(SameFile::looksSame($this->path, $this->entry, 0), 'no chunk size, no answer');
	}

	public function testOtherBytesBehindTheSameLookAreFoundByTheHashes(): void
	{
		$flipped = $this->bytes;
		$flipped[self::CHUNK + 7] = chr(ord($flipped[self::CHUNK + 7]) ^ 1);
		$this->writeFile($this->path, $flipped, 0640);

		$stat = SameFile::looksSame($this->path, $this->entry, self::CHUNK);

		$this->assertNotNull($stat, 'size, mode and time are the backup\'s');
		$this->assertFalse(SameFile::hashesMatch($this->path, $this->entry, self::CHUNK, $stat));
	}

	public function testAFileSwappedInAfterTheLookIsNotTheOneLookedAt(): void
	{
		$stat = SameFile::looksSame($this->path, $this->entry, self::CHUNK);
		$this->assertNotNull($stat);
		$this->writeFile($this->site . '/other.bin', $this->bytes, 0640);
		rename($this->site . '/other.bin', $this->path);

		$this->assertFalse(SameFile::hashesMatch($this->path, $this->entry, self::CHUNK, $stat));
	}

	private function writeFile(string $path, string $bytes, int $mode): void
	{
		file_put_contents($path, $bytes);
		chmod($path, $mode);
		touch($path, self::MTIME);
	}

	private static function entryFor(string $path, string $bytes, int $mode): Entry
	{
		$chunks = array_map(static fn (string $chunk): string => hash('sha256', $chunk), str_split($bytes, self::CHUNK));
		return new Entry($path, Entry::FILE, size: strlen($bytes), mode: $mode, mtime: self::MTIME, chunks: $chunks);
	}
}
