<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Snapshot;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;

/**
 * A safety backup's record names the backup its restore put back ("restore_of"). Records made before
 * read as naming none, and a record may come from a bucket: anything not of the form written reads
 * as none too, never as a half-trusted value.
 */
final class RestoreOriginTest extends TestCase
{
    public function testItTravelsInTheRecordAndReadsBackTheSame(): void
    {
        $restored = SnapshotId::generate(1733347320123);
        $origin   = new RestoreOrigin($restored, 1733347320.123);
        $record   = new SnapshotRecord(SnapshotId::generate(), null, ['trigger' => 'safety', 'restore_of' => $origin->toArray()], []);

        $read = SnapshotRecord::fromArray(json_decode((string) json_encode($record->toArray()), true));

        $this->assertEquals($origin, $read->restoreOf());
        $this->assertSame(['id' => $restored, 'created' => 1733347320.123], $read->meta['restore_of']);
    }

    public function testARecordMadeBeforeItNamesNone(): void
    {
        $record = SnapshotRecord::fromArray([
            'format' => 1,
            'id'     => SnapshotId::generate(),
            'meta'   => ['trigger' => 'safety', 'note' => 'Taken before restoring something'],
        ]);

        $this->assertNull($record->restoreOf());
    }

    public function testAWholeSecondWrittenAsAnIntegerIsTaken(): void
    {
        $id = SnapshotId::generate();
        $this->assertEquals(new RestoreOrigin($id, 1733347320.0), RestoreOrigin::fromMeta(['id' => $id, 'created' => 1733347320]));
    }

    /** @return iterable<string, array{mixed}> */
    public static function malformed(): iterable
    {
        $id = SnapshotId::generate();
        yield 'a string' => ['06dq4w1m2f3e5g6h7j8k9m0n1p'];
        yield 'a list' => [[$id, 1733347320]];
        yield 'no id' => [['created' => 1733347320]];
        yield 'no time' => [['id' => $id]];
        yield 'an id that is a path' => [['id' => '../../wp-config', 'created' => 1733347320]];
        yield 'an id in capitals' => [['id' => strtoupper($id), 'created' => 1733347320]];
        yield 'an id that is a number' => [['id' => 12345, 'created' => 1733347320]];
        yield 'a time as text' => [['id' => $id, 'created' => '1733347320']];
        yield 'a time as a date' => [['id' => $id, 'created' => '2026-12-04T21:22:00Z']];
        yield 'a time of zero' => [['id' => $id, 'created' => 0]];
        yield 'a time before 1970' => [['id' => $id, 'created' => -5.5]];
        yield 'an endless time' => [['id' => $id, 'created' => INF]];
        yield 'not a number' => [['id' => $id, 'created' => NAN]];
        yield 'a time that is true' => [['id' => $id, 'created' => true]];
        yield 'a time that is a list' => [['id' => $id, 'created' => [1733347320]]];
    }

    #[DataProvider('malformed')]
    public function testAnythingElseReadsAsNone(mixed $meta): void
    {
        $this->assertNull(RestoreOrigin::fromMeta($meta));
        $record = new SnapshotRecord(SnapshotId::generate(), null, ['restore_of' => $meta], []);
        $this->assertNull($record->restoreOf());
    }

    public function testItIsNeverMadeOfAnUnusableValue(): void
    {
        $this->expectException(\InvalidArgumentException::class);
        new RestoreOrigin(SnapshotId::generate(), 0.0);
    }
}
