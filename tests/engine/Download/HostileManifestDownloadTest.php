<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Download\ZipException;
use SiteBackups\Engine\Download\ZipWriter;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\ManifestTricks;

/**
 * A download of a backup written by someone else: an unsafe path in its manifest fails the download
 * with a message naming it, and no zip entry is ever named after it (an extractor would write it
 * outside its folder, or through a link).
 */
final class HostileManifestDownloadTest extends EngineTestCase
{
	private string $outside;

	protected function setUp(): void
	{
		parent::setUp();
		$this->outside = $this->tmp . '/outside';
		mkdir($this->outside . '/sub', 0755, true);
		file_put_contents($this->outside . '/sub/x.php', "<?php // the outside folder's own file\n");
		$this->write('index.php', "<?php // front\n");
		$this->write('wp-content/themes/theme/style.css', 'body{}');
		$this->write('wp-content/uploads/10:30 report.txt', 'a colon inside a name is fine');
		symlink('wp-content/uploads', $this->site . '/uploads-link');
	}

	/** @return array<string, array{string}> */
	public static function tricks(): array
	{
		return ManifestTricks::cases();
	}

	#[DataProvider('tricks')]
	public function testOpeningTheDownloadFailsBeforeTheFirstByte(string $trick): void
	{
		[$id, $expected] = ManifestTricks::plant($this->store, $this->backUp()->id, $this->outside, $trick);
		$this->expectException(UnsafePath::class);
		$this->expectExceptionMessage('The backup holds an unsafe path: ' . $expected);
		SnapshotArchive::open($this->store, $id);
	}

	/** Should the manifest change between open() and writing, the archive still never names an unsafe path. */
	#[DataProvider('tricks')]
	public function testAManifestSwappedAfterOpeningBreaksTheArchiveWithoutAnUnsafeName(string $trick): void
	{
		$record  = $this->backUp();
		$archive = SnapshotArchive::open($this->store, $record->id);
		[$plantedId, $expected, $paths] = ManifestTricks::plant($this->store, $record->id, $this->outside, $trick);
		$planted = $this->store->snapshots()->load($plantedId);
		$this->store->snapshots()->publish(new SnapshotRecord($record->id, $record->parentId, $record->meta, $planted->filePieces, $record->sources));

		$zip = $this->tmp . '/backup.zip';
		$out = fopen($zip, 'xb');
		$this->assertIsResource($out);
		try {
			$archive->writeTo($out);
			$this->fail('An archive was written from a manifest with an unsafe path.');
		} catch (UnsafePath $e) {
			$this->assertStringContainsString('The backup holds an unsafe path: ' . $expected, $e->getMessage());
		} finally {
			fclose($out);
		}
		$bytes = (string) file_get_contents($zip);
		foreach ($paths as $path) {
			$this->assertStringNotContainsString(SnapshotArchive::FILES . $path, $bytes);
		}
		$this->assertNotSame(0, ZipTools::unzipTest($zip)['status'], 'no reader takes it for complete');
	}

	/** @return array<string, array{string, string}> */
	public static function misplacedNames(): array
	{
		return [
			'backslashes'      => ['files/..\\..\\x.php', 'contains a backslash'],
			'drive letter'     => ['C:/Windows/x.dll', 'starts with a drive letter'],
			'drive-relative'   => ['c:x.dll', 'starts with a drive letter'],
			'control character' => ["files/x\r.php", 'contains a control character'],
			'parent part'      => ['files/../x.php', 'has a ".." part'],
		];
	}

	/** The writer itself holds the same rules, whoever calls it. */
	#[DataProvider('misplacedNames')]
	public function testTheZipWriterRefusesNamesAnExtractorCouldPutElsewhere(string $name, string $reason): void
	{
		$out = fopen('php://memory', 'w+b');
		$this->assertIsResource($out);
		$zip = new ZipWriter($out);
		try {
			$zip->addFromString($name, 'x', 0644, 1_700_000_000);
			$this->fail("The name \"$name\" was written.");
		} catch (ZipException $e) {
			$this->assertStringContainsString($reason, $e->getMessage());
		}
		$this->assertSame(0, $zip->bytesWritten());
	}
}
