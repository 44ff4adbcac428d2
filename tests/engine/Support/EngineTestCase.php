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
		if (is_link($path) || !file_exists($path)) {
			return;
		}
		@chmod($path, is_dir($path) ? 0755 : 0644);
		if (is_dir($path)) {
			foreach (scandir($path) ?: [] as $name) {
				if ('.' !== $name && '..' !== $name) {
					self::makeWritable($path . '/' . $name);
				}
			}
		}
	}

	/**
	 * @param list<string> $skip
	 * @return array<string, array<string, mixed>> path => what a restore must reproduce
	 */
	protected static function describeTree(string $root, array $skip = []): array
	{
		$tree = [];
		$walk = function (string $dir, string $prefix) use (&$walk, &$tree, $skip): void {
			$names = scandir($dir);
			sort($names, SORT_STRING);
			foreach ($names as $name) {
				if ('.' === $name || '..' === $name || in_array($prefix . $name, $skip, true)) {
					continue;
				}
				$path = $dir . '/' . $name;
				$rel  = $prefix . $name;
				$st   = lstat($path);
				if (is_link($path)) {
					$tree[$rel] = ['type' => 'link', 'target' => readlink($path)];
				} elseif (is_dir($path)) {
					$walk($path, $rel . '/');
					clearstatcache();
					$st         = lstat($path);
					$tree[$rel] = ['type' => 'dir', 'mode' => $st['mode'] & 07777, 'mtime' => $st['mtime']];
				} else {
					$tree[$rel] = ['type' => 'file', 'mode' => $st['mode'] & 07777, 'mtime' => $st['mtime'], 'size' => $st['size'], 'sha' => hash_file('sha256', $path)];
				}
			}
		};
		$walk($root, '');
		ksort($tree, SORT_STRING);
		return $tree;
	}
}
