<?php
/**
 * Loads a snapshot's database for a restore in a child process, for RestoreCrashTest, which kills
 * it with SIGKILL part way. Usage: php restore-child.php <store> <database> <snapshot id> prepare|resume
 * Prints "LOADED <chunks done> <chunks total>" after every slice, then "READY" (never swaps).
 */
declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

[, $storeDir, $database, $id, $how] = $argv;
$db = Connection::open(SiteTestCase::configFor($database));
$restore = Repository::open($storeDir)->databaseRestore($id, $db, 'wp_');
if ('prepare' === $how) {
	$restore->prepare();
}
do {
	$progress = $restore->load(0.005);
	echo "LOADED {$progress->chunksDone} {$progress->chunksTotal}\n";
} while (!$progress->complete);
echo "READY\n";
sleep(30);
