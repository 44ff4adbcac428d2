<?php

/**
 * One backup in its own process, as the plugin runs it: slices of --step seconds, each slice
 * in a fresh BackupRunner that resumes from the persisted state (as a new request would).
 * Prints one JSON object: wall time, peak memory, what the snapshot stored.
 *
 *   php tests/bench/backup.php --store=DIR --root=DIR [--socket=S --db=NAME --user=U --password=P --prefix=wp_] [--step=20]
 */

declare(strict_types=1);

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Store\BackupStore;

$started = microtime(true);
require dirname(__DIR__, 2) . '/vendor/autoload.php';

$o = getopt('', ['store:', 'root:', 'socket:', 'db:', 'user:', 'password:', 'prefix:', 'step:', 'profile:']);
$step = (float) ($o['step'] ?? 20.0);
$prefix = $o['prefix'] ?? 'wp_';
$store = BackupStore::create($o['store']);

$sources = [];
$database = 'none';
$sourceClass = 'SiteBackups\\Engine\\Database\\DatabaseSource';
$connection = null;
if (isset($o['db'])) {
    if (class_exists($sourceClass)) {
        $connection = Connection::open(new DatabaseConfig('localhost', $o['user'] ?? 'sitebackups', $o['password'] ?? '', $o['db'], $prefix, $o['socket'] ?? null));
        $sources[] = new $sourceClass($connection, $prefix);
        $database = 'included';
    } else {
        $database = 'missing DatabaseSource: files only';
    }
}

$runner = new BackupRunner($store, $sources);
$id = $runner->begin(new BackupRequest($o['root'], trigger: 'scheduled', tablePrefix: $prefix));
$slices = 0;
$phases = [];
while (true) {
    $slices++;
    $t = microtime(true);
    $progress = $runner->step($step);
    $phases[] = [$progress->phase, round(microtime(true) - $t, 3)];
    if ($progress->isReady()) {
        break;
    }
    // The next slice as a new request would run it: a new runner resuming the persisted state.
    $runner = new BackupRunner($store, $sources);
    $runner->resume($id);
}
$record = $runner->publish();
$connection?->close();

echo json_encode([
    'id' => $record->id,
    'parent' => $record->parentId,
    'seconds_inside' => round(microtime(true) - $started, 3),
    'peak_memory' => memory_get_peak_usage(true),
    'slices' => $slices,
    'database' => $database,
    'new_bytes' => $record->meta['new_bytes'] ?? null,
    'logical_bytes' => $record->meta['logical_bytes'] ?? null,
    'counts' => $record->meta['counts'] ?? [],
    'source_chunks' => array_map(static fn (array $s): int => $s['chunks'], $record->sources),
    'source_bytes' => array_map(static fn (array $s): int => $s['bytes'], $record->sources),
    // How many tables each proof left unread (time, journal), scrubbed anyway, or read.
    'database_proof_layers' => $record->sources['database']['notes']['proof']['layers'] ?? null,
], JSON_UNESCAPED_SLASHES) . "\n";
