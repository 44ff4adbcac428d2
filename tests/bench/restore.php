<?php

/**
 * One restore in its own process, as the plugin runs one: the engine's RestoreRunner from begin() to
 * the end (checks, the database loaded beside the live tables, the files staged, then the tables
 * swapped in and the files pruned and moved into place, then cleanup), in steps of --step seconds,
 * each by a new runner given the state the last one returned as JSON, as a new request would be. No
 * safety backup, and the target is the environment the backup is of, so nothing is rewritten.
 * Prints one JSON object: wall time of each part, peak memory.
 *
 *   php tests/bench/restore.php --store=DIR --snapshot=ID --root=DIR --socket=S --db=NAME --user=U --password=P [--prefix=wp_] [--step=20]
 */

declare(strict_types=1);

use SiteBackups\Bench\BenchTarget;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Restore\RestorePhase;
use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;

$started = microtime(true);
require dirname(__DIR__, 2) . '/vendor/autoload.php';
require __DIR__ . '/lib/BenchTarget.php';

$o = getopt('', ['store:', 'snapshot:', 'root:', 'socket:', 'db:', 'user:', 'password:', 'prefix:', 'step:']);
$step = (float) ($o['step'] ?? 20.0);
$config = new DatabaseConfig('localhost', $o['user'], $o['password'], $o['db'], $o['prefix'] ?? 'wp_', $o['socket']);
$source = Repository::open($o['store'])->snapshot($o['snapshot'])->environment();
$runner = static function () use ($o, $config, $source): RestoreRunner {
    $target = new Environment($source, $o['root'], 'https://bench.test', $config);
    $request = new RestoreRequest($o['snapshot'], $target, [RestoreRequest::DATABASE, RestoreRequest::FILES], safetyBackup: false);
    return new RestoreRunner(Repository::open($o['store']), $request, new BenchTarget($target));
};

$seconds = ['checking' => 0.0, 'database' => 0.0, 'files' => 0.0, 'cleanup' => 0.0];
$t = microtime(true);
$next = $runner()->begin();
$seconds['checking'] += microtime(true) - $t;
$slices = 0;
while (!$next->finished) {
    $state = RestoreState::fromArray(json_decode((string) json_encode($next->state->toArray()), true));
    $part = partOf($state);
    $t = microtime(true);
    $next = $runner()->step($state, $step);
    $seconds[$part] += microtime(true) - $t;
    $slices++;
}

echo json_encode([
    'seconds_inside' => round(microtime(true) - $started, 3),
    'checking_seconds' => round($seconds['checking'], 3),
    'database_seconds' => round($seconds['database'], 3),
    'files_seconds' => round($seconds['files'], 3),
    'cleanup_seconds' => round($seconds['cleanup'], 3),
    'entries' => $next->state->filesDone,
    'slices' => $slices,
    'peak_memory' => memory_get_peak_usage(true),
], JSON_UNESCAPED_SLASHES) . "\n";

/**
 * The part of the restore a step of $state works on: the checks (missing objects, the target's
 * refusal, every manifest path; the database prepared, the staging area made), the database (loaded,
 * then swapped in), the files (staged, then pruned and moved), or the cleanup (the old tables dropped,
 * the staging area removed).
 */
function partOf(RestoreState $state): string
{
    return match ($state->phase) {
        RestorePhase::Fetching, RestorePhase::SafetyBackup, RestorePhase::Checking => 'checking',
        RestorePhase::Database, RestorePhase::Rewriting => 'database',
        RestorePhase::Files => 'files',
        RestorePhase::Switching => $state->dbPrepared && !$state->dbSwapped ? 'database' : 'files',
        RestorePhase::Cleanup => 'cleanup',
    };
}
