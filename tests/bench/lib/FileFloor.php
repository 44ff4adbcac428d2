<?php

declare(strict_types=1);

namespace SiteBackups\Bench;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\DurableRenames;

/**
 * What a store of one file per object costs on this disk before any network or check: the objects
 * of a store written again as new files of the same sizes, each flushed to disk and renamed into a
 * folder of its own prefix, in batches of 64 MB as the fetch takes them in (DurableRenames). This
 * bounds a fetch into such a store from below, whatever the link gives. The files stay: deleting
 * thousands of them slows the next measurement down (bench.php moves the folder aside at its start).
 */
final class FileFloor
{
    private const BATCH_BYTES = 64 * 1048576;

    /** @return array{seconds: float, files: int, bytes: int} */
    public static function measure(string $objectsDir, string $scratchDir): array
    {
        $sizes = self::sizes($objectsDir);
        Durable::makeDir("$scratchDir/tmp");
        $block = random_bytes(1048576);
        $bytes = 0;
        $t = microtime(true);
        $batch = new DurableRenames();
        $batchBytes = 0;
        foreach ($sizes as $i => $size) {
            $temp = "$scratchDir/tmp/$i.tmp";
            $fp = Durable::open($temp, 'x+b');
            if (false === $fp) {
                throw new \RuntimeException("Could not create $temp.");
            }
            for ($left = $size; $left > 0; $left -= strlen($block)) {
                Durable::writeAll($fp, $left < strlen($block) ? substr($block, 0, $left) : $block, $temp);
            }
            fclose($fp);
            $name = hash('sha256', (string) $i);
            $batch->add($temp, "$scratchDir/objects/" . substr($name, 0, 2) . "/$name");
            $bytes += $size;
            $batchBytes += $size;
            if ($batchBytes >= self::BATCH_BYTES) {
                $batch->commit();
                $batch = new DurableRenames();
                $batchBytes = 0;
            }
        }
        $batch->commit();

        return ['seconds' => microtime(true) - $t, 'files' => count($sizes), 'bytes' => $bytes];
    }

    /** @return list<int> the size of every file under $dir */
    private static function sizes(string $dir): array
    {
        $sizes = [];
        $files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS));
        foreach ($files as $file) {
            if ($file instanceof \SplFileInfo && $file->isFile()) {
                $sizes[] = (int) $file->getSize();
            }
        }

        return $sizes;
    }
}
