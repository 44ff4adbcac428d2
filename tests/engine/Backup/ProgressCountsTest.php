<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Backup\Progress;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;

/** A backup's progress counts its files whatever the phase, and each started source's units. */
final class ProgressCountsTest extends EngineTestCase
{
    public function testTheFilesCountStaysThroughTheSourcesAndEachSourceCountsItsUnits(): void
    {
        for ($i = 0; $i < 40; $i++) {
            $this->write("wp-content/uploads/file-$i.txt", str_repeat('x', 100 + $i));
        }
        $runner = new BackupRunner($this->store, [new FakeTableSource(['wp_options' => 30, 'wp_posts' => 260], 50)]);
        $runner->begin($this->request());
        $first = $runner->progress();
        $this->assertSame(Progress::PHASE_FILES, $first->phase);
        $this->assertSame(0, $first->filesDone);
        $this->assertNull($first->filesTotal, 'a first backup does not know how many files there are');
        $this->assertSame([], $first->sources, 'no source has begun');

        $seen = [];
        do {
            $seen[] = $progress = $runner->step(0.001);
        } while (!$progress->isReady());
        $record = $runner->publish();
        $entries = (int) $record->meta['counts']['entries'];
        $this->assertGreaterThan(40, $entries);

        $inSource = array_values(array_filter($seen, static fn (Progress $p): bool => str_starts_with($p->phase, 'source:')));
        $this->assertNotEmpty($inSource);
        foreach ($inSource as $progress) {
            $this->assertSame($entries, $progress->filesDone);
            $this->assertSame($entries, $progress->filesTotal);
            $this->assertSame(['database'], array_keys($progress->sources));
            $units = $progress->sources['database'];
            $this->assertSame($progress->unitsDone, $units->done);
            if (null !== $units->total) {
                $this->assertLessThanOrEqual($units->total, $units->done);
            }
            $this->assertSame(['done' => $units->done, 'total' => $units->total], $progress->toArray()['sources']['database'], 'as the plugin reads it');
        }
        $this->assertSame($entries, end($seen)->filesDone);

        // The next backup takes this one's count as its hint while it walks the files.
        $next = new BackupRunner($this->store, [new FakeTableSource(['wp_options' => 30], 50)]);
        $next->begin($this->request());
        $hinted = $next->progress();
        $this->assertSame(Progress::PHASE_FILES, $hinted->phase);
        $this->assertSame($entries, $hinted->filesTotal);
        $next->cancel();
    }
}
