<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use SiteBackups\Tests\Engine\Support\SqlLoader;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

/** A whole site (files and a real MariaDB database) backed up, downloaded as a zip and brought back from it. */
final class SiteArchiveTest extends SiteTestCase
{
	public function testTheZipHoldsTheSiteFilesAndADatabaseThatLoadsIntoAnEmptyOne(): void
	{
		$excluded = $this->addHardFiles();
		self::createWordPressTables($this->db);
		$before = self::describeTree($this->site, $excluded);
		$record = $this->backUpSite();

		$zip = $this->tmp . '/site.zip';
		$out = fopen($zip, 'xb');
		$this->assertIsResource($out);
		$report = SnapshotArchive::open($this->backups()->store(), $record->id)->writeTo($out);
		fclose($out);

		$unzip = ZipTools::unzipTest($zip);
		$this->assertSame(0, $unzip['status'], $unzip['output']);
		$this->assertTrue(ZipTools::python($zip)['ok']);
		$dir = $this->tmp . '/extracted';
		ZipTools::extract($zip, $dir);
		$this->assertSame($before, self::describeTree($dir . '/files'));
		$this->assertSame(['database.sql', 'files', 'manifest.json'], array_values(array_diff(scandir($dir) ?: [], ['.', '..'])));

		$sql = fopen($dir . '/database.sql', 'rb');
		$this->assertIsResource($sql);
		$target = $this->connect($this->createDatabase());
		(new SqlLoader($target))->load($sql);
		fclose($sql);
		$this->assertSameWordPressDatabase($this->db, $target);
		$this->assertSame($record->sources['database']['bytes'], $report->databaseBytes);

		$manifest = json_decode((string) file_get_contents($dir . '/manifest.json'), true, 512, JSON_THROW_ON_ERROR);
		$this->assertSame('database.sql', $manifest['layout']['database']);
		$this->assertSame('https://example.test', $manifest['meta']['site_url']);
	}
}
