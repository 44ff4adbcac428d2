<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Download\ZipWriter;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\InvalidSnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\ObjectCorrupt;
use SiteBackups\Engine\Store\ObjectMissing;
use SiteBackups\Engine\Store\StoreException;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

/** A snapshot streamed as a zip: what unzip extracts is what was backed up, byte for byte. */
final class SnapshotArchiveTest extends EngineTestCase
{
	public function testUnzipReproducesEveryBackedUpFileFolderModeMtimeAndLink(): void
	{
		$this->buildAwkwardTree();
		$record = $this->backUp(['extraExclusions' => ['wp-content/cache']], [new FakeTableSource(['wp_posts' => 120], 50)]);

		$zip    = $this->tmp . '/backup.zip';
		$report = $this->download($record->id, $zip);

		$unzip = ZipTools::unzipTest($zip);
		$this->assertSame(0, $unzip['status'], $unzip['output']);
		$this->assertTrue(ZipTools::python($zip)['ok']);
		$out = $this->tmp . '/extracted';
		ZipTools::extract($zip, $out);
		$this->assertSame(self::describeTree($this->site, ['wp-content/cache']), self::describeTree($out . '/files'));
		$this->assertFileDoesNotExist($out . '/files/wp-content/cache');

		// The database is the snapshot's SQL stream, unchanged.
		$sql = fopen('php://memory', 'w+b');
		(new SnapshotReader($this->store))->streamSource($record->id, 'database', $sql);
		$this->assertSame(stream_get_contents($sql, -1, 0), file_get_contents($out . '/database.sql'));
		$this->assertSame(filesize($out . '/database.sql'), $report->databaseBytes);

		$this->assertSame(3, $report->symlinks);
		$this->assertSame($report->archiveBytes, filesize($zip));
		$files = array_filter(self::describeTree($this->site, ['wp-content/cache']), static fn (array $item): bool => 'file' === $item['type']);
		$this->assertSame(count($files), $report->files);
		$this->assertSame(array_sum(array_column($files, 'size')), $report->fileBytes);
	}

	public function testTheManifestListsEveryPathWithItsAttributesAndWhatWasLeftOut(): void
	{
		$this->buildAwkwardTree();
		$record = $this->backUp(['extraExclusions' => ['wp-content/cache']]);
		$zip    = $this->tmp . '/backup.zip';
		$this->download($record->id, $zip);
		ZipTools::extract($zip, $this->tmp . '/extracted');

		$manifest = json_decode((string) file_get_contents($this->tmp . '/extracted/manifest.json'), true, 512, JSON_THROW_ON_ERROR);
		$this->assertSame($record->id, $manifest['snapshot']);
		$this->assertSame($record->meta['status'], $manifest['meta']['status']);
		$this->assertSame(['files' => 'files/', 'database' => null], $manifest['layout']);
		$files = array_column($manifest['files'], null, 'path');
		$this->assertSame(['path' => 'wp-content/script.sh', 'type' => 'file', 'size' => 18, 'mode' => '0755', 'mtime' => filemtime($this->site . '/wp-content/script.sh')], $files['wp-content/script.sh']);
		$this->assertSame(['path' => 'dangling-link', 'type' => 'symlink', 'mode' => '0777', 'mtime' => lstat($this->site . '/dangling-link')['mtime'], 'target' => 'does/not/exist'], $files['dangling-link']);
		$this->assertSame('dir', $files['wp-content/empty-folder']['type']);
		$this->assertSame('excluded', $files['wp-content/cache']['status']);
		$this->assertArrayNotHasKey('wp-content/cache/page.html', $files);
		// A name that is not UTF-8 travels base64-encoded, as in the store's own manifest.
		$encoded = array_values(array_filter($manifest['files'], static fn (array $item): bool => isset($item['path_b64'])));
		$this->assertCount(1, $encoded);
		$this->assertSame("wp-content/uploads/latin1-\xE9t\xE9.txt", base64_decode($encoded[0]['path_b64']));
		$entries = iterator_to_array((new SnapshotReader($this->store))->entries($record->id), false);
		$this->assertCount(count($entries), $manifest['files']);
	}

	public function testFilesAndTheManifestAreStoredTheDatabaseIsDeflatedAndTheSizeIsKnownBeforehand(): void
	{
		$this->write('photo.jpg', str_repeat('looks compressible but is a JPEG ', 400));
		$this->write('random.bin', random_bytes(50_000));
		$this->write('page.html', str_repeat('<p>Hello, world.</p>', 2000));
		$this->write('empty.txt', '');
		$record  = $this->backUp([], [new FakeTableSource(['wp_posts' => 600], 50)]);
		$archive = SnapshotArchive::open($this->store, $record->id);
		$this->assertTrue($archive->prepare(10.0));
		$size   = $archive->size();
		$zip    = $this->tmp . '/backup.zip';
		$report = $this->download($record->id, $zip);

		$this->assertSame($size, filesize($zip));
		$this->assertSame($size, $report->archiveBytes);
		$entries = ZipTools::pythonEntries($zip, true);
		foreach (['files/photo.jpg', 'files/random.bin', 'files/empty.txt', 'files/page.html', 'manifest.json'] as $name) {
			$this->assertSame(ZipWriter::STORE, $entries[$name]['method'], $name);
			$this->assertSame($entries[$name]['size'], $entries[$name]['packed'], $name);
		}
		$this->assertSame(hash_file('sha256', $this->site . '/page.html'), $entries['files/page.html']['sha256']);
		$this->assertSame(ZipWriter::DEFLATE, $entries['database.sql']['method']);
		$this->assertSame($report->databaseBytes, $entries['database.sql']['size']);
		$this->assertLessThan(intdiv($entries['database.sql']['size'], 2), $entries['database.sql']['packed'], 'SQL shrinks');
	}

	public function testACorruptObjectAbortsWithAnExceptionAndAnArchiveNoReaderAccepts(): void
	{
		$this->write('a.txt', str_repeat('alpha ', 1000));
		// Stored raw, last in path order: its bytes (and its own end record) all reach the output before the hash check fails.
		$inner = $this->tmp . '/inner.zip';
		$this->assertSame(0, ZipTools::run(['sh', '-c', 'cd "$1" && echo inside > inner.txt && zip -q "$2" inner.txt', 'sh', $this->tmp, $inner])['status']);
		$this->write('zz-last.zip', (string) file_get_contents($inner));
		$record = $this->backUp();
		$object = $this->store->objects()->pathFor($this->chunkOf($record->id, 'zz-last.zip'));
		$bytes  = (string) file_get_contents($object);
		$middle = intdiv(strlen($bytes), 2);
		$bytes[$middle] = chr(ord($bytes[$middle]) ^ 0x01);
		file_put_contents($object, $bytes);

		$zip = $this->tmp . '/backup.zip';
		try {
			$this->download($record->id, $zip);
			$this->fail('A corrupt object was streamed without an error.');
		} catch (ObjectCorrupt $e) {
			$this->assertStringContainsString('does not match its hash', $e->getMessage());
		}
		$this->assertNotSame(0, ZipTools::unzipTest($zip)['status']);
		$this->assertFalse(ZipTools::python($zip)['ok']);
	}

	public function testAMissingObjectAbortsWithAnException(): void
	{
		$this->write('a.txt', 'alpha');
		$this->write('b.txt', 'beta');
		$record = $this->backUp();
		unlink($this->store->objects()->pathFor($this->chunkOf($record->id, 'b.txt')));

		$zip = $this->tmp . '/backup.zip';
		$this->expectException(ObjectMissing::class);
		try {
			$this->download($record->id, $zip);
		} finally {
			$this->assertNotSame(0, ZipTools::unzipTest($zip)['status']);
		}
	}

	public function testMalformedAndUnknownIdsFailBeforeAnyOutput(): void
	{
		foreach (['../../wp-config', '', 'ABC', str_repeat('z', 26)] as $bad) {
			try {
				SnapshotArchive::open($this->store, $bad);
				$this->fail("Accepted the id \"$bad\".");
			} catch (InvalidSnapshotId) {
				$this->addToAssertionCount(1);
			}
		}
		$this->expectException(StoreException::class);
		SnapshotArchive::open($this->store, SnapshotId::generate());
	}

	private function download(string $id, string $path): \SiteBackups\Engine\Download\ArchiveReport
	{
		$out = fopen($path, 'xb');
		$this->assertIsResource($out);
		try {
			return SnapshotArchive::open($this->store, $id)->writeTo($out);
		} finally {
			fclose($out);
		}
	}

	private function chunkOf(string $id, string $path): string
	{
		foreach ((new SnapshotReader($this->store))->entries($id) as $entry) {
			if ($entry->path === $path && Entry::FILE === $entry->type) {
				return $entry->chunks[0];
			}
		}
		$this->fail("no $path");
	}

	private function buildAwkwardTree(): void
	{
		$this->write('index.php', "<?php\n// front controller\n", 1_600_000_000);
		$this->write('file with spaces.txt', str_repeat("spaces and words\n", 100), 1_600_000_100);
		$this->write('wp-content/uploads/2024/01/Ünïcødé ☃ naïve.txt', 'non-ascii name', 1_600_000_200);
		$this->write("wp-content/uploads/latin1-\xE9t\xE9.txt", 'a name that is not UTF-8');
		$this->write('wp-content/empty-file.txt', '', 1_600_000_300);
		$this->write('wp-content/uploads/big.bin', str_repeat('compressible ', 12000) . random_bytes(2 * self::CHUNK + 123));
		$this->write('wp-content/uploads/exact.bin', random_bytes(2 * self::CHUNK));
		$this->write('wp-content/uploads/photo.jpg', random_bytes(5000));
		$this->write('wp-content/cache/page.html', str_repeat('<p>cached</p>', 100));
		$readOnly = $this->write('wp-content/read-only.txt', 'do not change me', 1_600_000_400);
		chmod($readOnly, 0444);
		$this->write('wp-content/script.sh', "#!/bin/sh\necho hi\n");
		chmod($this->site . '/wp-content/script.sh', 0755);
		mkdir($this->site . '/wp-content/empty-folder');
		mkdir($this->site . '/wp-content/deep/er/est', 0755, true);
		mkdir($this->site . '/wp-content/private', 0700);
		$this->write('wp-content/private/secret.txt', 's');
		symlink('index.php', $this->site . '/link-to-file');
		symlink('wp-content/uploads', $this->site . '/link-to-dir');
		symlink('does/not/exist', $this->site . '/dangling-link');
		touch($this->site . '/wp-content/empty-folder', 1_500_000_000);
		touch($this->site . '/wp-content/deep', 1_500_000_100);
		chmod($this->site . '/wp-content/deep/er', 0555);
	}
}
