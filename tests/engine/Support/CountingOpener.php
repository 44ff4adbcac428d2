<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

use SiteBackups\Engine\Files\FileOpener;
use SiteBackups\Engine\Files\FileUnreadable;
use SiteBackups\Engine\Files\LocalFileOpener;

/** Counts which files a backup opens, and can refuse some or run a hook after opening (to change a file mid-read). */
final class CountingOpener implements FileOpener
{
	/** @var array<string, int> relative path => times opened */
	public array $opened = [];
	/** @var list<string> */
	public array $refuse = [];
	/** @var array<string, callable(string): void> */
	public array $afterOpen = [];

	public function __construct(private readonly string $root)
	{
	}

	public function open(string $absolutePath)
	{
		$relative = substr($absolutePath, strlen(rtrim($this->root, '/')) + 1);
		$this->opened[$relative] = ($this->opened[$relative] ?? 0) + 1;
		if (in_array($relative, $this->refuse, true)) {
			throw new FileUnreadable('unreadable: permission denied');
		}
		$fp = (new LocalFileOpener())->open($absolutePath);
		if (isset($this->afterOpen[$relative])) {
			($this->afterOpen[$relative])($absolutePath);
		}
		return $fp;
	}
}
