<?php

/**
 * One restore in its own process, as the plugin's restore runs its parts: the database loaded beside
 * the live tables and swapped in, then the files staged, pruned and moved into place, in slices of
 * --step seconds, the file restore rebuilt for each slice (as a new request would rebuild it).
 * Prints one JSON object: wall time of each part, peak memory.
 *
 *   php tests/bench/restore.php --store=DIR --snapshot=ID --root=DIR --socket=S --db=NAME --user=U --password=P [--prefix=wp_] [--step=20]
 */

declare(strict_types=1);

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Files\SiteTree;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Restore\FilesRestore;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Store\BackupStore;

$started = microtime(true);
require dirname(__DIR__, 2) . '/vendor/autoload.php';

$o = getopt('', ['store:', 'snapshot:', 'root:', 'socket:', 'db:', 'user:', 'password:', 'prefix:', 'step:']);
$step = (float) ($o['step'] ?? 20.0);
$store = BackupStore::open($o['store']);
$slices = 0;

$t = microtime(true);
$db = Connection::open(new DatabaseConfig('localhost', $o['user'], $o['password'], $o['db'], $o['prefix'] ?? 'wp_', $o['socket']));
$database = new DatabaseRestore($store, $db, $o['snapshot'], $o['prefix'] ?? 'wp_');
$database->prepare();
do {
    $slices++;
} while (!$database->load($step)->complete);
$database->swap();
$database->finish();
$db->close();
$databaseSeconds = microtime(true) - $t;

$t = microtime(true);
$site = SiteTree::at($o['root']);
$area = FilesRestore::newArea($o['root']);
$files = static fn (): FilesRestore => new FilesRestore($store, $o['snapshot'], $site, $area, new ProtectedPaths($site, []));
$done = 0;
do {
    $slices++;
    $progress = $files()->stage($done, $step);
    $done = $progress->entriesDone;
} while (!$progress->complete);
$cursor = null;
do {
    $slices++;
    $cursor = $files()->prune($cursor, $step);
} while (null !== $cursor);
do {
    $slices++;
} while (!$files()->move($step));
$files()->discard();
$filesSeconds = microtime(true) - $t;

echo json_encode([
    'seconds_inside' => round(microtime(true) - $started, 3),
    'database_seconds' => round($databaseSeconds, 3),
    'files_seconds' => round($filesSeconds, 3),
    'entries' => $done,
    'slices' => $slices,
    'peak_memory' => memory_get_peak_usage(true),
], JSON_UNESCAPED_SLASHES) . "\n";
