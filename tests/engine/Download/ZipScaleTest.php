<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use PHPUnit\Framework\Attributes\Group;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Download\ZipWriter;
use SiteBackups\Engine\Store\Durable;

/** Archives past the limits of the classic zip format: more than 65,535 entries, more than 4 GiB. */
final class ZipScaleTest extends TestCase
{
	private const ENTRIES = 70_000;
	private const MTIME   = 1_700_000_000;

	private string $tmp;

	protected function setUp(): void
	{
		$this->tmp = sys_get_temp_dir() . '/sb-zip-scale-' . bin2hex(random_bytes(6));
		mkdir($this->tmp, 0755, true);
	}

	protected function tearDown(): void
	{
		Durable::removeTree($this->tmp);
	}

	public function testMoreThan65535EntriesGetZip64CountsWithFlatMemory(): void
	{
		$path   = $this->tmp . '/many.zip';
		$out    = fopen($path, 'xb');
		$zip    = new ZipWriter($out);
		$memory = [];
		$start  = microtime(true);
		for ($i = 0; $i < self::ENTRIES; $i++) {
			$folder = sprintf('site/%05d', $i - $i % 10);
			if (0 === $i % 10) {
				$zip->addDirectory($folder, 0755, self::MTIME);
				continue;
			}
			$zip->beginFile(sprintf('%s/file-%05d.txt', $folder, $i), 0644, self::MTIME, ZipWriter::DEFLATE, 32);
			$zip->write("content of file $i\n");
			$zip->endFile();
			if (10_001 === $i || self::ENTRIES - 1 === $i) {
				gc_collect_cycles();
				$memory[] = memory_get_usage();
			}
		}
		$size = $zip->finish();
		fclose($out);
		$seconds = microtime(true) - $start;

		$growth = $memory[1] - $memory[0];
		$this->assertLessThan(64 * 1024, $growth, 'memory grew with the number of entries');
		$this->assertSame($size, filesize($path));

		$unzip = ZipTools::unzipTest($path);
		$this->assertSame(0, $unzip['status'], substr($unzip['output'], -2000));
		$this->assertSame(self::ENTRIES, substr_count($unzip['output'], ' OK'));
		$python = ZipTools::python($path);
		$this->assertTrue($python['ok'], $python['error'] ?? '');
		$this->assertCount(self::ENTRIES, $python['entries'] ?? []);
		$this->assertSame('site/69990/file-69999.txt', ($python['entries'] ?? [])[self::ENTRIES - 1]['name']);
		fwrite(STDERR, sprintf(
			"\n[zip] %d entries, %.1f MB written in %.1f s; memory from entry 10,001 to 70,000: %+d bytes\n",
			self::ENTRIES,
			$size / 1048576,
			$seconds,
			$growth
		));
	}

	/**
	 * Two entries of 4.1 GiB (one deflated to a few MB, one stored so the archive passes 4 GiB and
	 * the entries after it start beyond 32-bit offsets), written to a temp file and read back.
	 */
	#[Group('slow')]
	public function testEntriesAndOffsetsPast4GiBGetZip64Fields(): void
	{
		$size  = (int) (4.1 * 1024 ** 3);
		$path  = $this->tmp . '/big.zip';
		$out   = fopen($path, 'xb');
		$zip   = new ZipWriter($out);
		$start = microtime(true);
		$zip->addFromString('before.txt', "before\n", 0644, self::MTIME);
		$this->writeZeros($zip, 'deflated-zeros.bin', $size, ZipWriter::DEFLATE, null);
		$this->writeZeros($zip, 'stored-zeros.bin', $size, ZipWriter::STORE, $size);
		$zip->addFromString('after.txt', "after\n", 0644, self::MTIME);
		$archive = $zip->finish();
		fclose($out);
		$written = microtime(true) - $start;

		$this->assertSame($archive, filesize($path));
		$this->assertGreaterThan(0xffffffff, $archive);

		$start = microtime(true);
		$unzip = ZipTools::unzipTest($path);
		$unzipSeconds = microtime(true) - $start;
		$this->assertSame(0, $unzip['status'], $unzip['output']);
		$this->assertStringContainsString('No errors detected', $unzip['output']);

		$start   = microtime(true);
		$entries = ZipTools::pythonEntries($path);
		$pythonSeconds = microtime(true) - $start;
		$this->assertSame($size, $entries['deflated-zeros.bin']['size']);
		$this->assertLessThan(0xffffffff, $entries['deflated-zeros.bin']['packed']);
		$this->assertSame($size, $entries['stored-zeros.bin']['packed']);
		$this->assertGreaterThan(0xffffffff, $entries['after.txt']['offset']);
		fwrite(STDERR, sprintf(
			"\n[zip] %.2f GiB archive: written in %.1f s, unzip -t %.1f s, zipfile %.1f s\n",
			$archive / 1024 ** 3,
			$written,
			$unzipSeconds,
			$pythonSeconds
		));
	}

	private function writeZeros(ZipWriter $zip, string $name, int $size, int $method, ?int $expected): void
	{
		$block = str_repeat("\0", 1 << 20);
		$zip->beginFile($name, 0644, self::MTIME, $method, $expected);
		for ($left = $size; $left > 0; $left -= strlen($block)) {
			$zip->write($left >= strlen($block) ? $block : substr($block, 0, $left));
		}
		$zip->endFile();
	}
}
