<?php
/**
 * Runs a restore through the RestoreRunner in a child process, for RestoreRunnerCrashTest, which
 * kills it with SIGKILL part way. Keeps the runner's state in a file as the plugin keeps it in the
 * job record: saved after every slice, read back by the next process.
 * Usage: php restore-runner-child.php <store> <site> <database> <snapshot id> <state file> <journal> [<scope as JSON>]
 * Prints "STEP <phase> <committed|open>" after every slice (once its state is saved), then "READY".
 */
declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Tests\Engine\Site\SiteTestCase;
use SiteBackups\Tests\Engine\Site\TargetSiteDouble;

[, $storeDir, $site, $database, $id, $stateFile, $journal] = $argv;
$scope = isset($argv[7]) ? SnapshotScope::fromMeta(json_decode($argv[7], true, 8, JSON_THROW_ON_ERROR)) : null;
$target = new Environment(Environment::PRODUCTION, $site, 'https://live.test', SiteTestCase::configFor($database));
$engine = Repository::open($storeDir, [$target], new DumpOptions(...SiteTestCase::DUMP), SiteTestCase::CHUNK);
$runner = new RestoreRunner(
	$engine,
	new RestoreRequest($id, $target, ['database', 'files'], true, $scope),
	new TargetSiteDouble($engine, $target, $storeDir, $journal)
);
$save = static function (RestoreState $state) use ($stateFile): void {
	file_put_contents($stateFile . '.tmp', json_encode($state->toArray(), JSON_THROW_ON_ERROR));
	rename($stateFile . '.tmp', $stateFile);
};

if (is_file($stateFile)) {
	$step = null;
	$state = RestoreState::fromArray(json_decode((string) file_get_contents($stateFile), true, 512, JSON_THROW_ON_ERROR));
} else {
	$step = $runner->begin();
	$state = $step->state;
	$save($state);
}
do {
	$step = $runner->step($state, 0.001);
	$state = $step->state;
	$save($state);
	echo 'STEP ' . $state->phase->value . ' ' . ($state->isCommitted() ? 'committed' : 'open') . "\n";
	usleep(20000); // the parent's kill lands here, between slices, or in the next one
} while (!$step->finished);
echo "READY\n";
sleep(30);
