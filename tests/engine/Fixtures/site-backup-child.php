<?php
/**
 * Runs a site backup through the facade in a child process, for SiteCrashTest, which kills it
 * with SIGKILL part way. Credentials come from the environment, as a plugin reads wp-config.php.
 * Usage: php site-backup-child.php <store> <site> <database> begin|<snapshot id>
 * Prints "ID <id>" then "STEP <phase> <units> <bytes>" after every slice.
 */
declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Environment;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

[, $storeDir, $site, $database, $what] = $argv;
$config = SiteTestCase::configFor($database);
$environment = new Environment(Environment::PRODUCTION, $site, 'https://example.test', $config);
$backups     = Repository::open($storeDir, [$environment], new DumpOptions(...SiteTestCase::DUMP), SiteTestCase::CHUNK);
$id          = 'begin' === $what ? $backups->beginBackup($environment, 'scheduled') : $what;
echo "ID $id\n";
while (true) {
	$progress = $backups->step($id, 0.01);
	echo "STEP {$progress->phase} {$progress->unitsDone} {$progress->bytesRead}\n";
	if ($progress->isReady()) {
		break;
	}
	usleep(5000);
}
echo "READY\n";
// The parent kills us before we get here; if it does not, wait rather than publish.
sleep(30);
