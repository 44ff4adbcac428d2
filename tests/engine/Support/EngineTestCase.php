<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Files\FileOpener;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;

/** Each test gets a temp folder with a site/ and a store/, removed afterwards. */
abstract class EngineTestCase extends TestCase
{
	protected const CHUNK = 65536; // small chunks so tests cross chunk boundaries cheaply

	protected string $tmp;
	protected string $site;
	protected string $storeDir;
	protected BackupStore $store;

	protected function setUp(): void
	{
		$this->tmp      = sys_get_temp_dir() . '/sb-engine-' . bin2hex(random_bytes(6));
		$this->site     = $this->tmp . '/site';
		$this->storeDir = $this->tmp . '/store';
		mkdir($this->site, 0755, true);
		$this->store = BackupStore::create($this->storeDir);
	}

	protected function tearDown(): void
	{
		self::makeWritable($this->tmp);
		Durable::removeTree($this->tmp);
	}

	/** @param array<string, mixed> $overrides named arguments of BackupRequest */
	protected function request(array $overrides = []): BackupRequest
	{
		return new BackupRequest(...($overrides + [
			'root'        => $this->site,
			'chunkBytes'  => self::CHUNK,
			'siteUrl'     => 'https://example.test',
			'tablePrefix' => 'wp_',
		]));
	}

	/**
	 * Runs a whole backup in short slices, as the cron jobs will.
	 * @param array<string, mixed> $overrides
	 * @param list<\SiteBackups\Engine\Backup\SnapshotSource> $sources
	 */
	protected function backUp(array $overrides = [], array $sources = [], ?FileOpener $opener = null): SnapshotRecord
	{
		$runner = new BackupRunner($this->store, $sources, $opener, pieceCapBytes: 16384);
		$runner->begin($this->request($overrides));
		do {
			$progress = $runner->step(0.05);
		} while (!$progress->isReady());
		return $runner->publish();
	}

	protected function write(string $relative, string $contents, ?int $mtime = null): string
	{
		$path = $this->site . '/' . $relative;
		if (!is_dir(dirname($path))) {
			mkdir(dirname($path), 0755, true);
		}
		file_put_contents($path, $contents);
		if (null !== $mtime) {
			touch($path, $mtime);
		}
		return $path;
	}

	protected static function makeWritable(string $path): void
	{
		FileTree::makeWritable($path);
	}

	/**
	 * @param list<string> $skip
	 * @return array<string, array<string, mixed>>
	 */
	protected static function describeTree(string $root, array $skip = []): array
	{
		return FileTree::describe($root, $skip);
	}
}
