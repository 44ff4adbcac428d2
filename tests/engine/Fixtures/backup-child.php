<?php
/**
 * Runs a backup in a child process for CrashResumeTest, which kills it with SIGKILL part way.
 * Usage: php backup-child.php <store> <site> begin|<snapshot id>
 * Prints "ID <id>" then "STEP <phase> <units>" after every slice.
 */
declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Tests\Engine\Backup\CrashResumeTest;

[, $storeDir, $site, $what] = $argv;
$runner = new BackupRunner(BackupStore::open($storeDir), [CrashResumeTest::source(2000)], CrashResumeTest::slowOpener($site), 0.0, 4096);
if ('begin' === $what) {
	$id = $runner->begin(new BackupRequest($site, chunkBytes: CrashResumeTest::CHUNK_BYTES, parentId: false));
} else {
	$runner->resume($what);
	$id = $what;
}
echo "ID $id\n";
while (true) {
	$progress = $runner->step(0.02);
	echo "STEP {$progress->phase} {$progress->unitsDone}\n";
	if ($progress->isReady()) {
		break;
	}
}
echo "READY\n";
// The parent kills us before we get here; if it does not, wait rather than publish.
sleep(30);
