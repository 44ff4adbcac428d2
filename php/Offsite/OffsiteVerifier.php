<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Verify\VerifyReport;

/**
 * Checks a snapshot's copy in the bucket: every object it needs is downloaded (and decrypted)
 * into a scratch store, checked against its hash and dropped again, so disk use stays at one
 * object plus the manifest pieces. Missing and corrupt objects are named, and the check goes on.
 */
final class OffsiteVerifier
{
    public function __construct(
        private readonly Bucket $bucket,
        private readonly ?Sealer $sealer,
        private readonly string $scratchDir,
        private readonly ?RecoveryKey $recoveryKey,
    ) {
    }

    /** @throws RecordNotVerified when the record is not signed with this site's key: its list is not to be trusted */
    public function verify(string $id): VerifyReport
    {
        $report = new VerifyReport(SnapshotId::assertValid($id), null);
        $record = (new OffsiteCatalog($this->bucket, $this->sealer, $this->recoveryKey))->load($id);
        $scratch = BackupStore::create($this->scratchDir . '/verify-' . bin2hex(random_bytes(6)));
        try {
            $fetcher = new Fetcher($scratch, $this->bucket, $this->sealer, $this->recoveryKey);
            $pieces = $record->filePieces;
            foreach (array_keys($record->sources) as $key) {
                $pieces = array_merge($pieces, $record->sourcePieces((string) $key));
            }
            foreach ($pieces as $piece) {
                if (!$this->check($fetcher, $report, $piece, 'manifest piece', false)) {
                    return $report; // without its pieces, what the snapshot needs cannot be listed
                }
            }
            $pieceSet = array_flip($pieces);
            foreach (SnapshotReferences::of($record, $scratch->objects()) as $hash) {
                if (!isset($pieceSet[$hash])) {
                    $report->references++;
                    $this->check($fetcher, $report, $hash, 'object', true);
                }
            }
        } finally {
            Durable::removeTree($scratch->root());
        }

        return $report;
    }

    private function check(Fetcher $fetcher, VerifyReport $report, string $hash, string $what, bool $drop): bool
    {
        $objects = $fetcher->store()->objects();
        if ($objects->has($hash)) {
            return true;
        }
        $report->objectsChecked++;
        try {
            $fetcher->fetchObject($hash);
        } catch (OffsiteMissing) {
            $report->addUser('missing', $hash, $what);
            return false;
        } catch (OffsiteException) {
            $report->addUser('corrupt', $hash, $what);
            return false;
        }
        if ($drop) {
            $objects->delete($hash);
        }

        return true;
    }
}
