<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Download\ZipException;
use SiteBackups\Engine\Download\ZipWriter;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Tests\Engine\Support\FileTree;

/** The streaming zip writer against unzip, Python's zipfile and (when installed) 7-Zip or bsdtar. */
final class ZipWriterTest extends TestCase
{
	private const MTIME = 1_600_000_000;

	private string $tmp;

	protected function setUp(): void
	{
		$this->tmp = sys_get_temp_dir() . '/sb-zip-' . bin2hex(random_bytes(6));
		mkdir($this->tmp, 0755, true);
	}

	protected function tearDown(): void
	{
		FileTree::makeWritable($this->tmp);
		Durable::removeTree($this->tmp);
	}

	public function testEveryKindOfEntryIsReadBackExactlyByUnzipAndPython(): void
	{
		$random = random_bytes(300_000);
		$text   = str_repeat("A line of text that compresses well.\n", 5000);
		$zip    = $this->writeZip(function (ZipWriter $zip) use ($random, $text): void {
			$zip->addDirectory('site/empty-folder', 0750, self::MTIME);
			$zip->addFromString('site/known.txt', $text, 0640, self::MTIME + 2);
			$zip->addFromString("site/caf\u{e9} \u{fc}n\u{ef}code \u{1F600}.txt", "non-ASCII name\n", 0644, self::MTIME + 4);
			$zip->addSymlink('site/link-to-known', 'known.txt', self::MTIME + 6);
			$zip->addSymlink('site/dangling', '/nonexistent/target', self::MTIME + 8);
			$this->streamFile($zip, 'site/streamed.txt', $text, ZipWriter::DEFLATE, strlen($text), 0755);
			$this->streamFile($zip, 'site/unknown-size.bin', $random, ZipWriter::STORE, null, 0600);
			$this->streamFile($zip, 'site/deflated-unknown.txt', $text, ZipWriter::DEFLATE, null, 0644);
			$this->streamFile($zip, 'site/empty.txt', '', ZipWriter::STORE, 0, 0444);
			$this->streamFile($zip, 'site/empty-deflated.txt', '', ZipWriter::DEFLATE, null, 0644);
		});

		$this->assertReadersAccept($zip);
		$entries = ZipTools::pythonEntries($zip, true);
		$this->assertSame(hash('sha256', $text), $entries['site/known.txt']['sha256']);
		$this->assertSame(hash('sha256', $random), $entries['site/unknown-size.bin']['sha256']);
		$this->assertSame(hash('sha256', 'known.txt'), $entries['site/link-to-known']['sha256']);
		$this->assertSame(0120777, $entries['site/link-to-known']['mode']);
		$this->assertSame(040750, $entries['site/empty-folder/']['mode']);
		$this->assertTrue($entries["site/caf\u{e9} \u{fc}n\u{ef}code \u{1F600}.txt"]['utf8']);
		$this->assertFalse($entries['site/known.txt']['utf8'], 'ASCII names do not claim UTF-8');
		$this->assertSame(8, $entries['site/known.txt']['method']);
		$this->assertSame(0, $entries['site/unknown-size.bin']['method']);
		$this->assertLessThan(strlen($text) / 10, $entries['site/streamed.txt']['packed']);

		$dir = $this->tmp . '/out';
		ZipTools::extract($zip, $dir);
		$tree = FileTree::describe($dir . '/site');
		$this->assertSame(['type' => 'link', 'target' => 'known.txt'], $tree['link-to-known']);
		$this->assertSame(['type' => 'link', 'target' => '/nonexistent/target'], $tree['dangling']);
		$this->assertSame(['type' => 'dir', 'mode' => 0750, 'mtime' => self::MTIME], $tree['empty-folder']);
		$this->assertSame(['type' => 'file', 'mode' => 0640, 'mtime' => self::MTIME + 2, 'size' => strlen($text), 'sha' => hash('sha256', $text)], $tree['known.txt']);
		$this->assertSame(0755, $tree['streamed.txt']['mode']);
		$this->assertSame(0600, $tree['unknown-size.bin']['mode']);
		$this->assertSame(['type' => 'file', 'mode' => 0444, 'mtime' => self::MTIME, 'size' => 0, 'sha' => hash('sha256', '')], $tree['empty.txt']);
		$this->assertSame(hash('sha256', "non-ASCII name\n"), $tree["caf\u{e9} \u{fc}n\u{ef}code \u{1F600}.txt"]['sha']);
	}

	public function testANameThatIsNotUtf8KeepsItsBytesAndClaimsNothing(): void
	{
		$name = "site/latin1-\xE9t\xE9.txt";
		$zip  = $this->writeZip(fn (ZipWriter $zip) => $zip->addFromString($name, 'bytes', 0644, self::MTIME));

		$this->assertSame(0, ZipTools::unzipTest($zip)['status']);
		$entries = ZipTools::python($zip)['entries'] ?? [];
		$this->assertFalse($entries[0]['utf8']);
		ZipTools::extract($zip, $this->tmp . '/out');
		$this->assertSame('bytes', file_get_contents($this->tmp . '/out/' . $name));
	}

	public function testDosTimesBefore1980AreClampedAndTheExactTimeTravelsInTheExtraField(): void
	{
		$zip = $this->writeZip(fn (ZipWriter $zip) => $zip->addFromString('old.txt', 'old', 0644, 315_000_000));

		ZipTools::extract($zip, $this->tmp . '/out');
		$this->assertSame(315_000_000, filemtime($this->tmp . '/out/old.txt'));
	}

	/** @return array<string, array{string}> */
	public static function unsafeNames(): array
	{
		return [
			'absolute'   => ['/etc/passwd'],
			'parent'     => ['files/../../wp-config.php'],
			'dot part'   => ['files/./x'],
			'empty part' => ['files//x'],
			'NUL'        => ["files/x\0.php"],
			'empty'      => [''],
		];
	}

	#[\PHPUnit\Framework\Attributes\DataProvider('unsafeNames')]
	public function testNamesThatCouldLandOutsideTheTargetAreRefused(string $name): void
	{
		$out = fopen('php://memory', 'w+b');
		$zip = new ZipWriter($out);
		$this->expectException(ZipException::class);
		$zip->addFromString($name, 'x', 0644, self::MTIME);
	}

	public function testAnEntryThatOutgrowsTheSizeAnnouncedForItFails(): void
	{
		$out = fopen('php://memory', 'w+b');
		$zip = new ZipWriter($out, 1);
		$zip->beginFile('grows.bin', 0644, self::MTIME, ZipWriter::STORE, 10);
		$block = str_repeat("\0", 1 << 24);
		$this->expectExceptionMessage('grew past the size announced');
		for ($i = 0; $i < 256; $i++) {
			$zip->write($block);
			ftruncate($out, 0); // only the bookkeeping matters here, not 4 GiB of memory
			rewind($out);
		}
		$zip->endFile();
	}

	public function testAnAbortedArchiveFailsEveryReaderEvenWhenItEndsWithAStoredZip(): void
	{
		// A complete zip stored as the last entry brings its own end record along.
		$inner = $this->writeZip(fn (ZipWriter $zip) => $zip->addFromString('inner.txt', 'inside', 0644, self::MTIME), 'inner.zip');
		$path  = $this->tmp . '/aborted.zip';
		$out   = fopen($path, 'xb');
		$zip   = new ZipWriter($out);
		$zip->addFromString('first.txt', 'first', 0644, self::MTIME);
		$zip->beginFile('backup-of-a-backup.zip', 0644, self::MTIME, ZipWriter::STORE, filesize($inner));
		$zip->write((string) file_get_contents($inner));
		$cut = $zip->bytesWritten();
		$zip->abort();
		fclose($out);

		// Cut where the failure happened, the output would pass for the inner archive.
		$truncated = $this->tmp . '/truncated.zip';
		file_put_contents($truncated, substr((string) file_get_contents($path), 0, $cut));
		$this->assertSame(['inner.txt'], array_keys(ZipTools::pythonEntries($truncated)));

		$this->assertGreaterThan($cut + 65_557, filesize($path));
		$this->assertNotSame(0, ZipTools::unzipTest($path)['status']);
		$this->assertFalse(ZipTools::python($path)['ok']);
		$this->assertStringContainsString('BadZipFile', ZipTools::python($path)['error'] ?? '');
	}

	public function testAFailingOutputIsReportedAndAbortDoesNotThrow(): void
	{
		$out = fopen('php://memory', 'rb'); // not writable
		$zip = new ZipWriter($out);
		try {
			$zip->addFromString('a.txt', str_repeat('a', 1 << 20), 0644, self::MTIME, ZipWriter::STORE);
			$this->fail('A write to an unwritable output succeeded.');
		} catch (ZipException $e) {
			$this->assertStringContainsString('Could not write', $e->getMessage());
		}
		$zip->abort();
		$this->expectException(ZipException::class);
		$zip->finish();
	}

	public function testOtherReadersAcceptTheArchiveToo(): void
	{
		$tool = ZipTools::otherReader();
		if (null === $tool) {
			$this->markTestSkipped('Neither 7-Zip nor bsdtar is installed.');
		}
		$zip = $this->writeZip(function (ZipWriter $zip): void {
			$zip->addDirectory('d', 0755, self::MTIME);
			$this->streamFile($zip, 'd/unknown.bin', random_bytes(70_000), ZipWriter::STORE, null, 0644);
			$this->streamFile($zip, 'd/text.txt', str_repeat('text ', 9000), ZipWriter::DEFLATE, null, 0644);
			$zip->addSymlink('d/link', 'text.txt', self::MTIME);
		});
		$result = ZipTools::otherReaderTest($tool, $zip);
		$this->assertSame(0, $result['status'], $result['output']);
	}

	/** @param callable(ZipWriter): void $build */
	private function writeZip(callable $build, string $name = 'test.zip'): string
	{
		$path = $this->tmp . '/' . $name;
		$out  = fopen($path, 'xb');
		$this->assertIsResource($out);
		$zip = new ZipWriter($out);
		$build($zip);
		$size = $zip->finish();
		fclose($out);
		$this->assertSame($size, filesize($path));
		return $path;
	}

	private function streamFile(ZipWriter $zip, string $name, string $content, int $method, ?int $expected, int $mode): void
	{
		$zip->beginFile($name, $mode, self::MTIME, $method, $expected);
		foreach (str_split($content, 7777) as $piece) {
			$zip->write($piece);
		}
		$zip->endFile();
	}

	private function assertReadersAccept(string $zip): void
	{
		$unzip = ZipTools::unzipTest($zip);
		$this->assertSame(0, $unzip['status'], $unzip['output']);
		$python = ZipTools::python($zip);
		$this->assertTrue($python['ok'], json_encode($python) ?: '');
	}
}
