<?php

/**
 * The benchmark (npm run bench; see tests/bench/README.md). Generates a deterministic synthetic
 * site, then measures in the same run, on the same data:
 *   1. the full backup against tar -czf + mariadb-dump | gzip,
 *   2. the next-day backup after a typical day of change,
 *   3. the store after N simulated days (default 30) against one full tar.gz + sql.gz,
 *   4. a backup after the worst case (1% of rows edited uniformly at random),
 *   5. off-site replication to the bench stack's S3-compatible store: the full backup (plain and
 *      encrypted) and the next-day backup, each run under a prefix of its own, deleted at the end.
 * Prints a table, then one JSON object on a line of its own.
 *
 * Run through tests/bench/run.sh, which starts the bench MariaDB and S3 store and passes their settings
 * in the environment (without the BENCH_S3_* variables the off-site figures are skipped).
 */

declare(strict_types=1);

namespace SiteBackups\Bench;

require __DIR__ . '/lib/Text.php';
require __DIR__ . '/lib/SiteFiles.php';
require __DIR__ . '/lib/SiteDatabase.php';
require __DIR__ . '/lib/Offsite.php';
require __DIR__ . '/lib/FileFloor.php';
require dirname(__DIR__, 2) . '/vendor/autoload.php';

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Database\RowHash;
use SiteBackups\Engine\Database\TableSchema;
use SiteBackups\Engine\Database\TableSchemaReader;
use SiteBackups\Engine\Database\WriteHorizon;
use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Store\BackupStore;

const MB = 1048576;

$config = config($argv);
$benchDir = getenv('BENCH_DIR') ?: dirname(__DIR__, 2) . '/.dev/bench';
$siteDir = "$benchDir/site";
$storeDir = "$benchDir/store";
$baseDir = "$benchDir/baseline";
$db = [
    'socket' => (string) getenv('BENCH_DB_SOCKET'),
    'name' => getenv('BENCH_DB_NAME') ?: 'sb_bench_site',
    'user' => getenv('BENCH_DB_USER') ?: 'sitebackups',
    'password' => getenv('BENCH_DB_PASSWORD') ?: 'sitebackups',
];
$runStarted = microtime(true);

say(sprintf('Configuration: scale %s, %d files, %d MB, %d posts, %d postmeta, %d days, seed %d, step %.0f s',
    $config['scale'], $config['files'], $config['site_mb'], $config['posts'], $config['postmeta'], $config['days'], $config['seed'], $config['step']));

// ---------------------------------------------------------------------------- the site
// The previous run's data is moved aside and deleted only at the end: ext4 slows down creating
// files for a minute or so after thousands were deleted, which would penalise the backup.
$trash = "$benchDir/trash";
@mkdir($trash, 0755, true);
foreach ([$siteDir, $storeDir, $baseDir, "$benchDir/scratch-store", "$benchDir/fetched-store", "$benchDir/file-floor", "$benchDir/bulk-get"] as $i => $dir) {
    if (file_exists($dir)) {
        rename($dir, "$trash/" . getmypid() . "-$i");
    }
}
foreach ([$siteDir, $storeDir, $baseDir] as $dir) {
    mkdir($dir, 0755, true);
}
$t = microtime(true);
$text = new Text($config['seed']);
$files = new SiteFiles($siteDir, $text, $config['seed']);
$fileStats = $files->generate($config['files'], $config['site_mb'] * MB);
$genFiles = microtime(true) - $t;

$t = microtime(true);
$mysqli = mysqli_init();
$mysqli->real_connect('localhost', $db['user'], $db['password'], $db['name'], 0, $db['socket']);
$mysqli->set_charset('utf8mb4');
$mysqli->query("SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'");
$site = new SiteDatabase($mysqli, $text, $config['seed']);
$site->createSchema();
$rows = $site->generate($config['posts'], $config['postmeta']);
$genDb = microtime(true) - $t;
$dbBytes0 = $site->logicalBytes;
$siteBytes0 = $fileStats['bytes'] + $dbBytes0;
say(sprintf('Generated %d files (%s, %d uploads, %d larger than 8 MiB) in %.1f s; database (%s of values; %s) in %.1f s',
    $fileStats['files'], mb($fileStats['bytes']), $fileStats['uploads'], $fileStats['large'], $genFiles, mb($dbBytes0),
    implode(', ', array_map(fn ($k, $v) => substr($k, 3) . ' ' . $v, array_keys($rows), $rows)), $genDb));

// ---------------------------------------------------------------------------- 1. full backup vs baseline
// The machine may be shared: each of the pair runs REPEAT times (alternating) and the fastest counts.
// Every full backup but the last goes to a scratch store; the last one starts the 30-day store.
$base1 = null;
$full = null;
$fullTimes = [];
$baseTimes = [];
for ($i = 1; $i <= $config['repeat']; $i++) {
    settle($mysqli);
    $b = baseline($siteDir, $baseDir, $db);
    $baseTimes[] = $b['tar_seconds'] + $b['dump_seconds'];
    if (null === $base1 || $b['tar_seconds'] + $b['dump_seconds'] < $base1['tar_seconds'] + $base1['dump_seconds']) {
        $base1 = $b;
    }
    say(sprintf('Baseline: tar -czf %.1f s (%s), mariadb-dump | gzip %.1f s (%s)', $b['tar_seconds'], mb($b['tar_bytes']), $b['dump_seconds'], mb($b['dump_bytes'])));
    settle($mysqli);
    $f = backup($i === $config['repeat'] ? $storeDir : "$benchDir/scratch-store/$i", $siteDir, $db, $config['step']);
    $fullTimes[] = $f['wall_seconds'];
    say(sprintf('Full backup: %.1f s, peak %s PHP (%s RSS), %s new in %d objects, database: %s',
        $f['wall_seconds'], mb($f['peak_memory']), mb($f['max_rss']), mb($f['new_bytes']), $f['counts']['new_objects'] ?? 0, $f['database']));
    if (null !== $full) {
        $f['wall_seconds'] = min($f['wall_seconds'], $full['wall_seconds']);
        $f['peak_memory'] = max($f['peak_memory'], $full['peak_memory']);
    }
    $full = $f;
}

// ---------------------------------------------------------------------------- 1b. off-site copy of the full backup
// The snapshot just made goes to a new prefix of the bench bucket, then again with client-side
// encryption to a second one (same run, same data: compare the two). Both prefixes go at the end.
$offsite = Offsite::fromEnvironment();
$offFull = $offSealed = $offNext = $offBulk = $offFetch = $offBulkGet = $fileFloor = $serialFloor = null;
if (null === $offsite) {
    say('Off-site: no BENCH_S3_ENDPOINT (run through tests/bench/run.sh), skipped');
} else {
    register_shutdown_function(static fn () => $offsite->cleanup());
    settle($mysqli);
    $offFull = $offsite->replicate($storeDir, $full['id'], 'plain', null, $config['step']);
    say(sprintf('Off-site (%s): full backup %s in %d objects, %.1f s, %.1f MB/s, %d slices, peak %s PHP',
        $offsite->describe(), mb($offFull['bytes']), $offFull['objects'], $offFull['seconds'], mbps($offFull), $offFull['slices'], mb($offFull['peak_memory'])));
    $offBulk = $offsite->bulkUpload($offFull['bytes']);
    say(sprintf('Off-site baseline: the same %s as one object in 8 MB parts, %.1f s, %.1f MB/s (the copy: %.2fx)',
        mb($offBulk['bytes']), $offBulk['seconds'], mbps($offBulk), ratio(mbps($offFull), mbps($offBulk))));
    $offFetch = $offsite->fetch("$benchDir/fetched-store", $full['id'], 'plain', null, $config['step']);
    $offBulkGet = $offsite->bulkDownload("$benchDir/bulk-get");
    say(sprintf('Off-site fetch into an empty store: %s in %d objects, %.1f s, %.1f MB/s; the one object in one GET %.1f MB/s (the fetch: %.2fx)',
        mb($offFetch['bytes']), $offFetch['objects'], $offFetch['seconds'], mbps($offFetch), mbps($offBulkGet), ratio(mbps($offFetch), mbps($offBulkGet))));
    settle($mysqli);
    $offSealed = $offsite->replicate($storeDir, $full['id'], 'sealed', Sealer::fromEncodedKey(base64_encode(random_bytes(32))), $config['step']);
    say(sprintf('Off-site, encrypted: full backup %s in %d objects, %.1f s, %.1f MB/s (%.2fx plain), peak %s PHP',
        mb($offSealed['bytes']), $offSealed['objects'], $offSealed['seconds'], mbps($offSealed), ratio(mbps($offSealed), mbps($offFull)), mb($offSealed['peak_memory'])));
    settle($mysqli);
    $fileFloor = FileFloor::measure("$benchDir/fetched-store/objects", "$benchDir/file-floor");
    // One PHP process waits on the disk or on the network, not on both: the GET's time adds to the files'.
    $serialFloor = ['seconds' => $fileFloor['seconds'] + $offBulkGet['seconds'], 'bytes' => $fileFloor['bytes']];
    say(sprintf('A file per object: the fetched store\'s %d objects written again as new files, each flushed, no network: %.1f s, so a fetch into this store reaches at best %.2fx the one GET, %.2fx with the GET\'s own time after it (the GET with its file flushed: %.1f MB/s)',
        $fileFloor['files'], $fileFloor['seconds'], ratio(mbps($fileFloor), mbps($offBulkGet)), ratio(mbps($serialFloor), mbps($offBulkGet)),
        mbps(['seconds' => $offBulkGet['flushed_seconds'], 'bytes' => $offBulkGet['bytes']])));
}

// ---------------------------------------------------------------------------- 2.+3. typical days
$dailyBudget = (int) round($siteBytes0 * 0.005);
$newPosts = max(1, (int) round($config['posts'] * 0.001));
$avgPostBytes = $dbBytes0 / max(1, $config['posts']); // a post's share of the database: its row, meta, comments
$days = [];
$next = null;
for ($day = 2; $day <= $config['days']; $day++) {
    $t = microtime(true);
    $uploads = $files->addUploads($day, max(0, $dailyBudget - (int) ($newPosts * $avgPostBytes)));
    $change = $site->typicalDay($day, $newPosts, intdiv($uploads['files'], 4));
    $changeSeconds = microtime(true) - $t;
    settle($mysqli);
    $result = backup($storeDir, $siteDir, $db, $config['step']);
    $result['change'] = $change + ['upload_files' => $uploads['files'], 'upload_bytes' => $uploads['bytes']];
    $days[$day] = $result;
    if (null !== $offsite) {
        // Every day's backup goes off-site too, to the plain prefix: only what it does not hold yet.
        settle($mysqli);
        $copy = $offsite->replicate($storeDir, $result['id'], 'plain', null, $config['step']);
        if (null === $offNext) {
            $offNext = $copy;
            say(sprintf('Off-site: next-day backup %s in %d objects, %.1f s (%.4fx the full backup\'s upload)',
                mb($offNext['bytes']), $offNext['objects'], $offNext['seconds'], ratio($offNext['bytes'], $offFull['bytes'])));
        }
    }
    $next ??= $result;
    say(sprintf('Day %2d: +%d uploads (%s), +%d posts, %d edited, %d options (%.1f s); backup %.1f s, peak %s, %s new in %d objects',
        $day, $uploads['files'], mb($uploads['bytes']), $change['new_posts'], $change['edited_posts'], $change['options'], $changeSeconds,
        $result['wall_seconds'], mb($result['peak_memory']), mb($result['new_bytes']), $result['counts']['new_objects'] ?? 0));
}
$store = storeSize($storeDir);
$baseN = baseline($siteDir, $baseDir, $db);
say(sprintf('After %d days: store %s (%d objects); one full tar.gz + sql.gz now %s (%.1f s)',
    $config['days'], mb($store['bytes']), $store['objects'], mb($baseN['tar_bytes'] + $baseN['dump_bytes']), $baseN['tar_seconds'] + $baseN['dump_seconds']));
$bucketBytes = null === $offsite ? null : $offsite->bytesUnder('plain');
if (null !== $bucketBytes) {
    say(sprintf('After %d days: the bucket holds %s (every day copied off-site, in packs)', $config['days'], mb($bucketBytes)));
}

// ---------------------------------------------------------------------------- 3b. restores
// The newest snapshot (the site as baseN archived it) restored into an empty folder and database, against
// untarring baseN's tar.gz and importing its sql.gz there; then the same folder and database are put back
// to the day before (untimed) and the newest snapshot restored over them: what a restore costs a day on.
$restoreRoot = "$benchDir/restore-site";
$newestId = [] === $days ? $full['id'] : $days[array_key_last($days)]['id'];
$dayBeforeId = count($days) >= 2 ? $days[array_key_last($days) - 1]['id'] : $full['id'];
$restoreDb = emptyDatabase($mysqli, $db, '_restored');
run(['rm', '-rf', $restoreRoot]);
mkdir($restoreRoot, 0755, true);
settle($mysqli);
$restoreEmpty = restore($storeDir, $newestId, $restoreRoot, $restoreDb, $config['step']);
$untar = baselineRestore($baseDir, "$benchDir/untarred-site", emptyDatabase($mysqli, $db, '_untarred'));
$untarSeconds = $untar['untar_seconds'] + $untar['import_seconds'];
say(sprintf('Restore into an empty site: %.1f s (%s), peak %s PHP; tar -xzf %.1f s + mariadb < %.1f s (%.2fx)',
    $restoreEmpty['wall_seconds'], restoreParts($restoreEmpty), mb($restoreEmpty['peak_memory']),
    $untar['untar_seconds'], $untar['import_seconds'], ratio($restoreEmpty['wall_seconds'], $untarSeconds)));
$restoreNext = $copyFloor = null;
if ($dayBeforeId !== $newestId) {
    restore($storeDir, $dayBeforeId, $restoreRoot, $restoreDb, $config['step']);
    settle($mysqli);
    $restoreNext = restore($storeDir, $newestId, $restoreRoot, $restoreDb, $config['step']);
    say(sprintf('Restore over the day before: %.1f s (%s), peak %s PHP (%.2fx the untar and import)',
        $restoreNext['wall_seconds'], restoreParts($restoreNext), mb($restoreNext['peak_memory']),
        ratio($restoreNext['wall_seconds'], $untarSeconds)));
    settle($mysqli);
    $copyFloor = copyBeside($mysqli, $restoreDb['name'], ['wp_posts', 'wp_postmeta', 'wp_options']);
    say(sprintf('Copying the restored tables beside themselves on the server (INSERT ... SELECT, no SQL to read): every table %.1f s (%.2fx the untar and import); the three a day writes to, wp_posts, wp_postmeta and wp_options, %.1f s (%.2fx): the floor of a restore that builds beside the live tables every table that changed',
        $copyFloor['all'], ratio($copyFloor['all'], $untarSeconds),
        $copyFloor['some'], ratio($copyFloor['some'], $untarSeconds)));
}
foreach (['_restored', '_untarred'] as $suffix) {
    $mysqli->query("DROP DATABASE IF EXISTS `{$db['name']}$suffix`");
}
run(['rm', '-rf', $restoreRoot, "$benchDir/untarred-site"]);

// ---------------------------------------------------------------------------- 4. worst case
$edited = $site->worstDay($config['days'] + 1);
settle($mysqli);
$worst = backup($storeDir, $siteDir, $db, $config['step']);
say(sprintf('Worst case (%d rows edited uniformly): backup %.1f s, peak %s, %s new in %d objects',
    $edited, $worst['wall_seconds'], mb($worst['peak_memory']), mb($worst['new_bytes']), $worst['counts']['new_objects'] ?? 0));

// ---------------------------------------------------------------------------- 4b. the unchanged-database check
// The database alone (an empty folder for the site) into a store of its own: the first backup reads every
// table, the second, with nothing changed since, is what proving an unchanged database costs. Then the
// server-side fingerprint of every row of the largest tables, with today's aggregate and the MD5 one before it.
$emptyRoot = "$benchDir/empty-root";
@mkdir($emptyRoot, 0755, true);
waitPastWrites($mysqli);
settle($mysqli);
$dbFull = backup("$benchDir/db-store", $emptyRoot, $db, $config['step']);
settle($mysqli);
$dbSame = backup("$benchDir/db-store", $emptyRoot, $db, $config['step']);
say(sprintf('Database only: read in full %.2f s; again, unchanged, %.2f s (%.4fx); tables by proof: %s',
    $dbFull['wall_seconds'], $dbSame['wall_seconds'], ratio($dbSame['wall_seconds'], $dbFull['wall_seconds']), json_encode($dbSame['database_proof_layers'])));
$fingerprint = fingerprintTimes($db, ['wp_postmeta', 'wp_posts']);
say(sprintf('Fingerprint of every row of wp_postmeta and wp_posts: MD5 aggregate %.2f s, CRC32+CRC32C %.2f s (%.2fx), 64 bits of MD5 %.2f s (%.2fx)',
    $fingerprint['md5'], $fingerprint['crc'], ratio($fingerprint['crc'], $fingerprint['md5']), $fingerprint['md5_64'], ratio($fingerprint['md5_64'], $fingerprint['md5'])));
// A typical day writes to these two tables (raw SQL, which neither UPDATE_TIME nor the journal narrows
// to key ranges): a next-day backup reads every range of them to find the few that changed.
say(sprintf('Reading them alone, as a next-day backup must: %.2f s, %.3fx the full backup (its floor while a changed table is proven range by range only by reading it)',
    $fingerprint['crc'], ratio($fingerprint['crc'], $full['wall_seconds'])));
// ---------------------------------------------------------------------------- 4c. orders placed during a backup
// A writer places orders (a post and its meta in one transaction) while the database is backed up in
// quarter-second slices; the backup is restored into a database of its own, where no order may be torn.
$torn = tornTransactions($mysqli, $db, "$benchDir/torn-store", $emptyRoot, "$benchDir/orders.stop");
say(sprintf('Orders placed during a backup in %d slices: %d, of which the restored copy holds %d; torn: %d',
    $torn['slices'], $torn['placed'], $torn['orders'], $torn['torn']));
$mysqli->close();
if (null !== $offsite) {
    say(sprintf('Off-site: deleted the run\'s %d objects from the bucket', $offsite->cleanup()));
}
run(['rm', '-rf', $trash, "$benchDir/scratch-store", "$benchDir/db-store", "$benchDir/torn-store", "$benchDir/file-floor", "$benchDir/bulk-get", $emptyRoot]);

// ---------------------------------------------------------------------------- report
$baselineSeconds = $base1['tar_seconds'] + $base1['dump_seconds'];
$oneFull = $baseN['tar_bytes'] + $baseN['dump_bytes'];
$firstFull = $base1['tar_bytes'] + $base1['dump_bytes'];
$allRuns = array_merge([$full, $worst], array_values($days));
$peak = max(array_column($allRuns, 'peak_memory'));
$dayCount = $config['days'];
$archives = (int) round($dayCount * ($firstFull + $oneFull) / 2);
$r = [
    'full_backup_vs_baseline' => ratio($full['wall_seconds'], $baselineSeconds),
    'incremental_vs_full' => null === $next ? null : ratio($next['wall_seconds'], $full['wall_seconds']),
    'incremental_median_vs_full' => [] === $days ? null : ratio(median(array_column($days, 'wall_seconds')), $full['wall_seconds']),
    'incremental_new_bytes_vs_full' => null === $next ? null : ratio($next['new_bytes'], $full['new_bytes']),
    'worst_case_vs_full' => ratio($worst['wall_seconds'], $full['wall_seconds']),
    'worst_case_new_bytes_vs_full' => ratio($worst['new_bytes'], $full['new_bytes']),
    'storage_30_days_vs_one_full' => ratio($store['bytes'], $oneFull),
    'peak_memory_mb' => round($peak / MB, 1),
    'offsite_mb_per_s' => null === $offFull ? null : round(mbps($offFull), 2),
    'offsite_vs_one_object' => null === $offBulk ? null : ratio(mbps($offFull), mbps($offBulk)),
    'offsite_fetch_mb_per_s' => null === $offFetch ? null : round(mbps($offFetch), 2),
    'offsite_fetch_vs_one_object' => null === $offFetch ? null : ratio(mbps($offFetch), mbps($offBulkGet)),
    'offsite_fetch_file_floor_vs_one_object' => null === $fileFloor ? null : ratio(mbps($fileFloor), mbps($offBulkGet)),
    'offsite_fetch_serial_floor_vs_one_object' => null === $serialFloor ? null : ratio(mbps($serialFloor), mbps($offBulkGet)),
    'offsite_encrypted_mb_per_s' => null === $offSealed ? null : round(mbps($offSealed), 2),
    'offsite_encrypted_vs_plain' => null === $offSealed ? null : ratio(mbps($offSealed), mbps($offFull)),
    'offsite_next_day_vs_full' => null === $offNext ? null : ratio($offNext['bytes'], $offFull['bytes']),
    'offsite_30_days_vs_one_full' => null === $bucketBytes ? null : ratio($bucketBytes, $oneFull),
    'db_unchanged_check_s' => round($dbSame['wall_seconds'], 3),
    'db_unchanged_vs_db_full' => ratio($dbSame['wall_seconds'], $dbFull['wall_seconds']),
    'fingerprint_crc_vs_md5' => ratio($fingerprint['crc'], $fingerprint['md5']),
    'fingerprint_md5_64_vs_md5' => ratio($fingerprint['md5_64'], $fingerprint['md5']),
    'incremental_floor_vs_full' => ratio($fingerprint['crc'], $full['wall_seconds']),
    'torn_transactions' => $torn['torn'],
    'restore_vs_baseline' => ratio($restoreEmpty['wall_seconds'], $untarSeconds),
    'restore_next_day_vs_baseline' => null === $restoreNext ? null : ratio($restoreNext['wall_seconds'], $untarSeconds),
    'restore_next_day_floor_vs_baseline' => null === $copyFloor ? null : ratio($copyFloor['some'], $untarSeconds),
    'restore_peak_memory_mb' => round(max($restoreEmpty['peak_memory'], $restoreNext['peak_memory'] ?? 0) / MB, 1),
];
$offsitePeak = null === $offFull ? null : max(array_column(array_filter([$offFull, $offSealed, $offNext]), 'peak_memory'));

$rowsOut = [
    ['Full backup', sprintf('%.1f s', $full['wall_seconds']), sprintf('baseline %.1f s (tar %.1f + dump %.1f)', $baselineSeconds, $base1['tar_seconds'], $base1['dump_seconds']),
        $r['full_backup_vs_baseline'] . 'x', '<= 1.0x'],
    ['  peak memory', mb($full['peak_memory']), 'process max RSS ' . mb($full['max_rss']), '', '< 64 MB'],
    ['  stored', mb($full['new_bytes']), sprintf('tar.gz %s + sql.gz %s = %s', mb($base1['tar_bytes']), mb($base1['dump_bytes']), mb($firstFull)),
        ratio($full['new_bytes'], $firstFull) . 'x', ''],
];
if (null !== $next) {
    $rowsOut[] = ['Next-day backup', sprintf('%.1f s', $next['wall_seconds']), sprintf('full %.1f s', $full['wall_seconds']), $r['incremental_vs_full'] . 'x', '< 0.05x'];
    $dayTimes = array_column($days, 'wall_seconds');
    $rowsOut[] = ['  median, days 2-' . $dayCount, sprintf('%.1f s', median($dayTimes)), sprintf('%d typical days: %.1f s to %.1f s', count($dayTimes), min($dayTimes), max($dayTimes)), $r['incremental_median_vs_full'] . 'x', ''];
    $rowsOut[] = ['  newly stored', mb($next['new_bytes']), sprintf('%d new objects (store %d after day 2); changed %s',
        $next['counts']['new_objects'] ?? 0, $days[2]['store_objects'], mb($next['change']['upload_bytes'] + $next['change']['new_bytes'])), $r['incremental_new_bytes_vs_full'] . 'x', ''];
    $rowsOut[] = ['  peak memory', mb($next['peak_memory']), '', '', '< 64 MB'];
    $rowsOut[] = ['  floor', sprintf('%.2f s', $fingerprint['crc']), 'every range of wp_posts and wp_postmeta fingerprinted, as the day wrote to both', $r['incremental_floor_vs_full'] . 'x', ''];
}
$rowsOut[] = ['Unchanged database', sprintf('%.2f s', $dbSame['wall_seconds']), sprintf('the database read in full %.2f s; tables: %s', $dbFull['wall_seconds'], layers($dbSame['database_proof_layers'])),
    $r['db_unchanged_vs_db_full'] . 'x', ''];
$rowsOut[] = ['Fingerprint aggregate', sprintf('%.2f s', $fingerprint['crc']), sprintf('MD5 aggregate %.2f s; 64 bits of MD5 %.2f s', $fingerprint['md5'], $fingerprint['md5_64']),
    $r['fingerprint_crc_vs_md5'] . 'x', ''];
$rowsOut[] = ['Restore, empty site', sprintf('%.1f s', $restoreEmpty['wall_seconds']), sprintf('tar -xzf %.1f s + mariadb < %.1f s; %s',
    $untar['untar_seconds'], $untar['import_seconds'], restoreParts($restoreEmpty)), $r['restore_vs_baseline'] . 'x', '<= 1.0x'];
if (null !== $restoreNext) {
    $rowsOut[] = ['  over the day before', sprintf('%.1f s', $restoreNext['wall_seconds']), sprintf('the same untar and import %.1f s; %s',
        $untarSeconds, restoreParts($restoreNext)), $r['restore_next_day_vs_baseline'] . 'x', '<= 0.2x'];
    $rowsOut[] = ['  floor', sprintf('%.1f s', $copyFloor['some']), sprintf('wp_posts, wp_postmeta and wp_options copied by INSERT ... SELECT; every table %.1f s', $copyFloor['all']),
        $r['restore_next_day_floor_vs_baseline'] . 'x', ''];
}
$rowsOut[] = ['  peak memory', $r['restore_peak_memory_mb'] . ' MB', 'the restore processes', '', '< 64 MB'];
$rowsOut[] = ['Torn transactions', (string) $torn['torn'], sprintf('%d orders placed during a backup in %d slices, restored', $torn['placed'], $torn['slices']), '', '= 0'];
$rowsOut[] = ['Worst case (1% rows)', sprintf('%.1f s', $worst['wall_seconds']), sprintf('full %.1f s; %s new', $full['wall_seconds'], mb($worst['new_bytes'])), $r['worst_case_vs_full'] . 'x', '<= 1.0x'];
$rowsOut[] = ["Store after $dayCount days", mb($store['bytes']), sprintf('one full tar.gz+sql.gz %s; %d such archives ~%s', mb($oneFull), $dayCount, mb($archives)),
    $r['storage_30_days_vs_one_full'] . 'x', '< 1.3x'];
$rowsOut[] = ['Peak PHP memory', mb($peak), sprintf('all %d backups of this run', count($allRuns)), '', '< 64 MB'];
if (null !== $offFull) {
    $rowsOut[] = ['Off-site, full', sprintf('%.1f MB/s', mbps($offFull)), sprintf('%s uploaded in %.1f s (%d objects); one object in parts %.1f MB/s', mb($offFull['bytes']), $offFull['seconds'], $offFull['objects'], mbps($offBulk)),
        $r['offsite_vs_one_object'] . 'x', '>= 0.5x'];
    $rowsOut[] = ['  fetch', sprintf('%.1f MB/s', mbps($offFetch)), sprintf('%s into an empty store in %.1f s; one object in one GET %.1f MB/s', mb($offFetch['bytes']), $offFetch['seconds'], mbps($offBulkGet)),
        $r['offsite_fetch_vs_one_object'] . 'x', '>= 0.5x'];
    $rowsOut[] = ['  floor', sprintf('%.1f s', $fileFloor['seconds']), sprintf('%d new files of the same sizes, each flushed, no network; %sx with the GET after it', $fileFloor['files'], $r['offsite_fetch_serial_floor_vs_one_object']),
        $r['offsite_fetch_file_floor_vs_one_object'] . 'x', ''];
    $rowsOut[] = ['  encrypted', sprintf('%.1f MB/s', mbps($offSealed)), sprintf('%s uploaded in %.1f s; plain %.1f MB/s', mb($offSealed['bytes']), $offSealed['seconds'], mbps($offFull)),
        $r['offsite_encrypted_vs_plain'] . 'x', '>= 0.83x'];
    if (null !== $offNext) {
        $rowsOut[] = ['  next day', mb($offNext['bytes']), sprintf('full %s; %d objects in %.1f s', mb($offFull['bytes']), $offNext['objects'], $offNext['seconds']),
            $r['offsite_next_day_vs_full'] . 'x', '<= 0.02x'];
    }
    $rowsOut[] = ["  bucket after $dayCount days", mb((int) $bucketBytes), sprintf('one full tar.gz+sql.gz %s', mb($oneFull)),
        $r['offsite_30_days_vs_one_full'] . 'x', '<= 1.4x'];
    $rowsOut[] = ['  peak memory', mb($offsitePeak), 'bench process during the copies (upper bound)', '', '< 64 MB'];
}

echo "\n";
printf("%-22s %12s  %-62s %8s  %s\n", 'Measure', 'Value', 'Against', 'Ratio', 'Target');
echo str_repeat('-', 118) . "\n";
foreach ($rowsOut as $row) {
    printf("%-22s %12s  %-62s %8s  %s\n", ...$row);
}
printf("\nSite: %s in %d files + %s of database values; %d typical days of about %s each; run took %.0f s\n\n",
    mb($fileStats['bytes']), $fileStats['files'], mb($dbBytes0), max(0, $dayCount - 1), mb($dailyBudget), microtime(true) - $runStarted);

echo json_encode($r + [
    'scale' => $config['scale'],
    'days' => $dayCount,
    'site_files' => $fileStats['files'],
    'site_file_bytes' => $fileStats['bytes'],
    'site_db_value_bytes' => $dbBytes0,
    'full_backup_seconds' => round($full['wall_seconds'], 3),
    'full_backup_runs_seconds' => array_map(fn ($t) => round($t, 3), $fullTimes),
    'baseline_runs_seconds' => array_map(fn ($t) => round($t, 3), $baseTimes),
    'baseline_seconds' => round($baselineSeconds, 3),
    'baseline_tar_seconds' => round($base1['tar_seconds'], 3),
    'baseline_dump_seconds' => round($base1['dump_seconds'], 3),
    'baseline_bytes' => $firstFull,
    'full_backup_new_bytes' => $full['new_bytes'],
    'full_backup_objects' => $full['counts']['new_objects'] ?? null,
    'incremental_seconds' => null === $next ? null : round($next['wall_seconds'], 3),
    'incremental_new_bytes' => $next['new_bytes'] ?? null,
    'incremental_new_objects' => $next['counts']['new_objects'] ?? null,
    'worst_case_seconds' => round($worst['wall_seconds'], 3),
    'worst_case_new_bytes' => $worst['new_bytes'],
    'store_bytes' => $store['bytes'],
    'store_objects' => $store['objects'],
    'one_full_archive_bytes' => $oneFull,
    'daily_archives_bytes' => $archives,
    'peak_memory_bytes' => $peak,
    'offsite_full_bytes' => $offFull['bytes'] ?? null,
    'offsite_full_seconds' => null === $offFull ? null : round($offFull['seconds'], 3),
    'offsite_full_objects' => $offFull['objects'] ?? null,
    'offsite_one_object_seconds' => null === $offBulk ? null : round($offBulk['seconds'], 3),
    'offsite_encrypted_bytes' => $offSealed['bytes'] ?? null,
    'offsite_encrypted_seconds' => null === $offSealed ? null : round($offSealed['seconds'], 3),
    'offsite_next_day_bytes' => $offNext['bytes'] ?? null,
    'offsite_next_day_objects' => $offNext['objects'] ?? null,
    'offsite_next_day_seconds' => null === $offNext ? null : round($offNext['seconds'], 3),
    'offsite_peak_memory_bytes' => $offsitePeak,
    'db_full_seconds' => round($dbFull['wall_seconds'], 3),
    'db_unchanged_proof_layers' => $dbSame['database_proof_layers'],
    'incremental_proof_layers' => $next['database_proof_layers'] ?? null,
    'fingerprint_seconds' => array_map(static fn (float $s): float => round($s, 3), $fingerprint),
    'database' => $full['database'],
], JSON_UNESCAPED_SLASHES) . "\n";

// ============================================================================ helpers

/** @return array<string, mixed> */
function config(array $argv): array
{
    $flags = [];
    foreach (array_slice($argv, 1) as $arg) {
        if (1 === preg_match('/\A--([a-z-]+)=(.*)\z/', $arg, $m)) {
            $flags[str_replace('-', '_', $m[1])] = $m[2];
        } else {
            fwrite(STDERR, "Unknown argument $arg (use --scale=, --days=, --seed=, --files=, --site-mb=, --posts=, --postmeta=, --step=, --repeat=)\n");
            exit(2);
        }
    }
    $get = static function (string $name, $default) use ($flags) {
        $env = getenv(strtoupper($name));
        return $flags[$name] ?? (false !== $env && '' !== $env ? $env : $default);
    };
    $scale = (float) $get('scale', 1.0);
    if ($scale <= 0) {
        fwrite(STDERR, "SCALE must be positive\n");
        exit(2);
    }
    return [
        'scale' => $scale,
        'files' => max(20, (int) $get('files', (int) round(4000 * $scale))),
        'site_mb' => max(10, (int) $get('site_mb', (int) round(400 * $scale))),
        'posts' => max(50, (int) $get('posts', (int) round(30000 * $scale))),
        'postmeta' => max(50, (int) $get('postmeta', (int) round(150000 * $scale))),
        'days' => max(1, (int) $get('days', 30)),
        'seed' => (int) $get('seed', 1),
        'step' => (float) $get('step', 20.0),
        'repeat' => max(1, (int) $get('repeat', 2)),
    ];
}

/**
 * Lets the machine go quiet before a measurement: files synced to disk and InnoDB's dirty pages
 * flushed, so neither the backup nor the baseline pays for the previous step's writes.
 */
function settle(\mysqli $mysqli): void
{
    run(['sync']);
    $mysqli->query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
    $until = microtime(true) + 30;
    do {
        $dirty = (int) $mysqli->query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'")->fetch_row()[1];
        if ($dirty < 50) {
            break;
        }
        usleep(200000);
    } while (microtime(true) < $until);
    $mysqli->query('SET GLOBAL innodb_max_dirty_pages_pct = 90');
    run(['sync']);
}

/** @return array<string, mixed> one backup in a separate PHP process */
/**
 * Backs the database up while order-writer.php places orders, restores the copy into a database of
 * its own and counts the orders it holds torn: posts without all their meta, meta without its post.
 *
 * @return array{placed: int, orders: int, torn: int, slices: int}
 */
function tornTransactions(\mysqli $mysqli, array $db, string $store, string $emptyRoot, string $stop): array
{
    @unlink($stop);
    $writer = proc_open(['php', __DIR__ . '/order-writer.php', $db['socket'], $db['name'], $db['user'], $db['password'], $stop],
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $first = (string) fgets($pipes[1]);
    if (!str_starts_with($first, 'ORDER ')) {
        fwrite(STDERR, 'The order writer did not start: ' . stream_get_contents($pipes[2]) . "\n");
        exit(1);
    }
    try {
        $backup = backup($store, $emptyRoot, $db, 0.25);
    } finally {
        touch($stop);
        $done = (string) stream_get_contents($pipes[1]);
        proc_close($writer);
        @unlink($stop);
    }
    $into = emptyDatabase($mysqli, $db, '_torn');
    $restored = Connection::open(new DatabaseConfig('localhost', $db['user'], $db['password'], $into['name'], 'wp_', $db['socket']));
    $restore = new DatabaseRestore(BackupStore::open($store), $restored, $backup['id'], 'wp_');
    $restore->prepare();
    while (!$restore->load(5.0)->complete) {
    }
    $restore->swap();
    $restore->finish();
    $count = static fn (string $sql): int => (int) $restored->fetchValue($sql);
    $orders = $count("SELECT COUNT(*) FROM wp_posts WHERE post_type = 'bench_order'");
    $torn = $count("SELECT COUNT(*) FROM wp_posts p WHERE p.post_type = 'bench_order'
            AND (SELECT COUNT(*) FROM wp_postmeta m WHERE m.post_id = p.ID AND m.meta_key LIKE '\\_bench\\_order\\_%') <> 4")
        + $count("SELECT COUNT(*) FROM wp_postmeta m WHERE m.meta_key LIKE '\\_bench\\_order\\_%'
            AND NOT EXISTS (SELECT 1 FROM wp_posts p WHERE p.ID = m.post_id)");
    $restored->close();
    $mysqli->query("DROP DATABASE `{$into['name']}`");
    preg_match('/DONE (\d+)/', $done, $m);

    return ['placed' => (int) ($m[1] ?? 0), 'orders' => $orders, 'torn' => $torn, 'slices' => (int) $backup['slices']];
}

/**
 * One restore by tests/bench/restore.php in its own process, into $root and $db's database.
 *
 * @return array<string, mixed> its JSON, with wall_seconds and max_rss
 */
function restore(string $store, string $id, string $root, array $db, float $step): array
{
    return timedScript('restore.php', 'Restore', ["--store=$store", "--snapshot=$id", "--root=$root"], $db, $step);
}

/** @param array<string, mixed> $restore what restore() gave: the time of each part, rounded for a table */
function restoreParts(array $restore): string
{
    return sprintf('checks %.1f s, database %.1f s, files %.1f s, cleanup %.1f s',
        $restore['checking_seconds'], $restore['database_seconds'], $restore['files_seconds'], $restore['cleanup_seconds']);
}

/**
 * The baseline restore: the archives baseline() made, untarred into an empty $root and imported into $db's database.
 *
 * @return array{untar_seconds: float, import_seconds: float}
 */
function baselineRestore(string $archives, string $root, array $db): array
{
    run(['rm', '-rf', $root]);
    mkdir($root, 0755, true);
    $t = microtime(true);
    run(['tar', '-xzf', "$archives/site.tar.gz", '-C', $root]);
    $untar = microtime(true) - $t;
    $t = microtime(true);
    run(['bash', '-c', 'set -o pipefail; gunzip -c "$5" | MYSQL_PWD="$4" mariadb --socket="$1" --user="$2" "$3"', 'import',
        $db['socket'], $db['user'], $db['name'], $db['password'], "$archives/db.sql.gz"]);

    return ['untar_seconds' => $untar, 'import_seconds' => microtime(true) - $t];
}

/** A new, empty database beside the site's, named with $suffix; returns $db pointing at it. */
/**
 * Seconds to copy every base table of $database into a new one beside it on the server, and to copy
 * only $some of them; the copies are dropped again.
 *
 * @param list<string> $some
 * @return array{all: float, some: float}
 */
function copyBeside(\mysqli $mysqli, string $database, array $some): array
{
    $times = ['all' => 0.0, 'some' => 0.0];
    $tables = $mysqli->query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
        . $mysqli->real_escape_string($database) . "' AND TABLE_TYPE = 'BASE TABLE'")->fetch_all();
    foreach (array_column($tables, 0) as $table) {
        $from = "`$database`.`$table`";
        $copy = "`$database`.`sbfloor_$table`";
        $mysqli->query("CREATE TABLE $copy LIKE $from");
        $t = microtime(true);
        $mysqli->query("INSERT INTO $copy SELECT * FROM $from");
        $seconds = microtime(true) - $t;
        $mysqli->query("DROP TABLE $copy");
        $times['all'] += $seconds;
        $times['some'] += in_array($table, $some, true) ? $seconds : 0.0;
    }

    return $times;
}

function emptyDatabase(\mysqli $mysqli, array $db, string $suffix): array
{
    $name = $db['name'] . $suffix;
    $mysqli->query("DROP DATABASE IF EXISTS `$name`");
    $mysqli->query("CREATE DATABASE `$name` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");

    return ['name' => $name] + $db;
}

function backup(string $store, string $root, array $db, float $step): array
{
    $json = timedScript('backup.php', 'Backup', ["--store=$store", "--root=$root"], $db, $step);
    $json['store_objects'] = storeSize($store)['objects'];
    return $json;
}

/**
 * Runs a bench script of this folder in its own process, on $db's database, and times it.
 *
 * @param list<string> $args the script's own arguments
 * @return array<string, mixed> the JSON it printed last, with wall_seconds and max_rss
 */
function timedScript(string $script, string $what, array $args, array $db, float $step): array
{
    $cmd = array_merge(['/usr/bin/time', '-f', 'MAXRSS=%M', 'php', '-d', 'memory_limit=1024M', __DIR__ . '/' . $script], $args,
        ["--socket={$db['socket']}", "--db={$db['name']}", "--user={$db['user']}", "--password={$db['password']}", '--prefix=wp_', "--step=$step"]);
    $t = microtime(true);
    [$code, $out, $err] = run($cmd, false);
    $wall = microtime(true) - $t;
    $json = json_decode(trim((string) strrchr("\n" . trim($out), "\n")), true);
    if (0 !== $code || !is_array($json)) {
        fwrite(STDERR, "$what failed (exit $code):\n$out\n$err\n");
        exit(1);
    }
    preg_match('/MAXRSS=(\d+)/', $err, $m);

    return $json + ['wall_seconds' => $wall, 'max_rss' => (int) ($m[1] ?? 0) * 1024];
}

/** @return array{tar_seconds: float, tar_bytes: int, dump_seconds: float, dump_bytes: int} */
function baseline(string $site, string $out, array $db): array
{
    $t = microtime(true);
    run(['tar', '-czf', "$out/site.tar.gz", '-C', $site, '.']);
    $tar = microtime(true) - $t;
    $t = microtime(true);
    run(['bash', '-c', 'set -o pipefail; MYSQL_PWD="$4" mariadb-dump --single-transaction --socket="$1" --user="$2" "$3" | gzip > "$5"', 'dump',
        $db['socket'], $db['user'], $db['name'], $db['password'], "$out/db.sql.gz"]);
    $dump = microtime(true) - $t;
    clearstatcache();
    return ['tar_seconds' => $tar, 'tar_bytes' => filesize("$out/site.tar.gz"), 'dump_seconds' => $dump, 'dump_bytes' => filesize("$out/db.sql.gz")];
}

/** @return array{bytes: int, objects: int} apparent size of every file of the store, and its object count */
function storeSize(string $dir): array
{
    $bytes = 0;
    $objects = 0;
    $it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS));
    foreach ($it as $file) {
        if ($file->isFile()) {
            $bytes += $file->getSize();
            // The off-site marks (empty files in offsite/<destination>/objects/) are not objects.
            $path = substr($file->getPathname(), strlen($dir));
            $objects += str_contains($path, '/objects/') && !str_starts_with($path, '/offsite/') ? 1 : 0;
        }
    }
    return ['bytes' => $bytes, 'objects' => $objects];
}

/** @return array{int, string, string} */
function run(array $cmd, bool $mustSucceed = true): array
{
    $errFile = tempnam(sys_get_temp_dir(), 'bench-err-');
    $proc = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['file', $errFile, 'w']], $pipes);
    $out = stream_get_contents($pipes[1]);
    fclose($pipes[1]);
    $code = proc_close($proc);
    $err = (string) file_get_contents($errFile);
    unlink($errFile);
    if ($mustSucceed && 0 !== $code) {
        fwrite(STDERR, 'Command failed: ' . implode(' ', $cmd) . "\n$out\n$err\n");
        exit(1);
    }
    return [$code, $out, $err];
}

/**
 * The time (best of three) the server takes to fingerprint every row of $tables in ranges of 1,000 keys,
 * with each aggregate: the MD5 one of earlier versions, and RowHash's CRC and MD5 kinds.
 *
 * @param list<string> $tables
 * @return array{md5: float, crc: float, md5_64: float}
 */
function fingerprintTimes(array $db, array $tables): array
{
    $connection = Connection::open(new DatabaseConfig('localhost', $db['user'], $db['password'], $db['name'], 'wp_', $db['socket']));
    $times = ['md5' => 0.0, 'crc' => 0.0, 'md5_64' => 0.0];
    foreach ($tables as $table) {
        $schema = (new TableSchemaReader($connection))->read($table);
        $key = '`' . $schema->keyColumns[0] . '`';
        $md5 = 'MD5(' . rowText($schema) . ') AS h';
        $variants = [
            'md5' => ['COUNT(*) AS n, COUNT(h) AS nh, BIT_XOR(CAST(CONV(SUBSTR(h,1,16),16,10) AS UNSIGNED)) AS x,'
                . ' SUM(CAST(CONV(SUBSTR(h,17,8),16,10) AS UNSIGNED)) AS s1, SUM(CAST(CONV(SUBSTR(h,25,8),16,10) AS UNSIGNED)) AS s2', $md5],
            'crc' => [RowHash::named(RowHash::CRC)->aggregateExpressions(), RowHash::named(RowHash::CRC)->derivedColumns($schema)],
            'md5_64' => [RowHash::named(RowHash::MD5)->aggregateExpressions(), RowHash::named(RowHash::MD5)->derivedColumns($schema)],
        ];
        foreach ($variants as $name => [$aggregate, $derived]) {
            $best = INF;
            for ($i = 0; $i < 3; $i++) {
                $t = microtime(true);
                $connection->fetchAll("SELECT i, $aggregate FROM (SELECT $key DIV 1000 AS i, $derived FROM `$table`"
                    . ' LIMIT 18446744073709551615) AS d GROUP BY i');
                $best = min($best, microtime(true) - $t);
            }
            $times[$name] += $best;
        }
    }
    $connection->close();
    return $times;
}

/** A row as the fingerprints hash it (RowHash): every dumped column, length-framed and NULL-safe. */
function rowText(TableSchema $schema): string
{
    $terms = [];
    foreach ($schema->dumpColumns() as $column) {
        $value = 'CAST(' . $column->selectExpression() . ' AS BINARY)';
        $terms[] = "IFNULL(CONCAT(LENGTH({$value}),':',{$value}),'N')";
    }
    return 'CONCAT(' . implode(',', $terms) . ')';
}

/** Waits until the newest write to the site's tables is older than a backup starting now takes for its own time. */
function waitPastWrites(\mysqli $mysqli): void
{
    $last = (int) $mysqli->query('SELECT MAX(UNIX_TIMESTAMP(UPDATE_TIME)) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()')->fetch_row()[0];
    while ((float) $mysqli->query('SELECT UNIX_TIMESTAMP(NOW(6))')->fetch_row()[0] < $last + WriteHorizon::EXACT_MARGIN + 1.2) {
        usleep(200000);
    }
}

/** @param array<string, int>|null $layers how many tables each proof gave */
function layers(?array $layers): string
{
    return null === $layers ? 'no proof record' : implode(', ', array_map(fn ($k, $v) => "$v $k", array_keys($layers), $layers));
}

/** @param list<float> $values */
function median(array $values): float
{
    sort($values);
    $n = count($values);
    return 0 === $n ? 0.0 : ($n % 2 ? $values[intdiv($n, 2)] : ($values[$n / 2 - 1] + $values[$n / 2]) / 2);
}

function ratio(float|int $a, float|int $b): float
{
    return 0 == $b ? 0.0 : round($a / $b, 4);
}

/** @param array{seconds: float, bytes: int} $copy MB (2^20 bytes) uploaded per second of wall time */
function mbps(array $copy): float
{
    return $copy['seconds'] > 0 ? $copy['bytes'] / MB / $copy['seconds'] : 0.0;
}

function mb(int|float $bytes): string
{
    return sprintf('%.1f MB', $bytes / MB);
}

function say(string $line): void
{
    fwrite(STDERR, '[bench] ' . $line . "\n");
}
