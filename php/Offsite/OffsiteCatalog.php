<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;

/** The snapshots the bucket holds: what a new server lists when it has nothing but the bucket. */
final class OffsiteCatalog
{
    private readonly OffsiteLayout $layout;
    private readonly SealedTransfer $transfer;

    public function __construct(private readonly Bucket $bucket, ?Sealer $sealer)
    {
        $this->layout = new OffsiteLayout($sealer);
        $this->transfer = new SealedTransfer($bucket, $sealer);
    }

    /** @return list<string> snapshot ids, newest first */
    public function ids(): array
    {
        $ids = [];
        foreach ($this->bucket->list(OffsiteLayout::SNAPSHOTS) as $key => $size) {
            $id = substr((string) $key, strlen(OffsiteLayout::SNAPSHOTS));
            if (SnapshotId::isValid($id)) {
                $ids[] = $id;
            }
        }
        rsort($ids, SORT_STRING);

        return $ids;
    }

    public function load(string $id): SnapshotRecord
    {
        $out = fopen('php://temp', 'w+b');
        if (false === $out) {
            throw new OffsiteException('Could not open a temporary stream.');
        }
        try {
            $this->transfer->download($this->layout->snapshotKey(SnapshotId::assertValid($id)), $out, "snapshot $id");
            rewind($out);
            $data = json_decode((string) stream_get_contents($out), true);
        } finally {
            fclose($out);
        }
        if (!is_array($data) || ($data['id'] ?? null) !== $id) {
            throw new OffsiteException("The off-site record of snapshot $id is damaged.");
        }

        return SnapshotRecord::fromArray($data);
    }
}
