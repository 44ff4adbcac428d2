<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

/** Asserts that a store's folders are 0700 and its files 0600 (less what the umask takes). */
trait OwnerOnlyStore
{
	protected function assertOwnerOnly(string $root, int $atLeast): void
	{
		$umask  = umask();
		$folder = 0700 & ~$umask;
		$file   = 0600 & ~$umask;
		$this->assertSame(sprintf('%o', $folder), sprintf('%o', fileperms($root) & 0777), 'the store folder');
		$files = 0;
		$items = new \RecursiveIteratorIterator(
			new \RecursiveDirectoryIterator($root, \FilesystemIterator::SKIP_DOTS),
			\RecursiveIteratorIterator::SELF_FIRST
		);
		foreach ($items as $path => $info) {
			$relative = substr((string) $path, strlen($root) + 1);
			$this->assertFalse(is_link((string) $path), $relative . ' is a symlink');
			clearstatcache(true, (string) $path);
			$mode = fileperms((string) $path) & 0777;
			if (is_dir((string) $path)) {
				$this->assertSame(sprintf('%o', $folder), sprintf('%o', $mode), $relative);
			} else {
				$this->assertSame(sprintf('%o', $file), sprintf('%o', $mode), $relative);
				$files++;
			}
		}
		$this->assertGreaterThanOrEqual($atLeast, $files, 'the walk saw the store');
	}
}
