<?php
/**
 * For BatchDurabilityTest: runs a backup that SIGKILLs its own process when it opens the N-th file,
 * i.e. with objects written since the last checkpoint but not yet made durable (batch mode).
 * Usage: php batch-crash-child.php <store> <site> <kill at file N> <checkpoint seconds>
 */
declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Files\FileOpener;
use SiteBackups\Engine\Files\LocalFileOpener;
use SiteBackups\Engine\Store\BackupStore;

[, $storeDir, $site, $killAt, $checkpoint] = $argv;
$opener = new class ((int) $killAt) implements FileOpener {
	private int $opened = 0;

	public function __construct(private readonly int $killAt)
	{
	}

	public function open(string $absolutePath)
	{
		if (++$this->opened === $this->killAt) {
			posix_kill(getmypid(), SIGKILL);
			sleep(5);
		}
		return (new LocalFileOpener())->open($absolutePath);
	}
};
$runner = new BackupRunner(BackupStore::open($storeDir), [], $opener, (float) $checkpoint, 4096);
$id     = $runner->begin(new BackupRequest($site, chunkBytes: 16384, parentId: false));
echo "ID $id\n";
while (!$runner->step(60)->isReady()) {
}
echo "READY\n";
