<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\StoreException;

/**
 * The snapshots the bucket holds: what a new server lists when it has nothing but the bucket.
 * A record is untrusted until its signature checks out under this site's recovery key: load()
 * gives only such records; inspect() lists any, with the verdict.
 */
final class OffsiteCatalog
{
    private readonly OffsiteLayout $layout;
    private readonly SealedTransfer $transfer;

    public function __construct(
        private readonly Bucket $bucket,
        ?Sealer $sealer,
        private readonly ?RecoveryKey $recoveryKey,
    ) {
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

    /**
     * A record signed with this site's recovery key.
     *
     * @throws RecordNotVerified when it is not
     */
    public function load(string $id): SnapshotRecord
    {
        $entry = $this->inspect($id);
        if (!$entry->verification->verified) {
            throw new RecordNotVerified($id, (string) $entry->verification->reason);
        }

        return $entry->record;
    }

    /**
     * A record and whether it is verified. One that is not is listed under the name the bucket
     * gives it (a genuine record copied under another id shows there, not verified).
     */
    public function inspect(string $id): CatalogEntry
    {
        $bytes = $this->recordBytes($id);
        $verification = RecordSignature::check($this->recoveryKey, $id, $bytes, $this->signature($id));
        $data = json_decode($bytes, true);
        if (is_array($data) && !$verification->verified) {
            $data['id'] = $id;
        }

        return new CatalogEntry($this->parse($id, $data), $verification);
    }

    /**
     * A record whatever its signature: for retention, which must keep what every record in the
     * bucket needs, and delete expired ones, whether this server can verify them or not.
     */
    public function loadUnverified(string $id): SnapshotRecord
    {
        return $this->parse($id, json_decode($this->recordBytes($id), true));
    }

    private function recordBytes(string $id): string
    {
        $out = TempStream::of();
        try {
            $this->transfer->download($this->layout->snapshotKey(SnapshotId::assertValid($id)), $out, "snapshot $id");
            rewind($out);
            return (string) stream_get_contents($out);
        } finally {
            fclose($out);
        }
    }

    /** The signature's bytes (never encrypted: it holds no secret); null when there is none. */
    private function signature(string $id): ?string
    {
        $out = TempStream::of();
        try {
            $this->bucket->get($this->layout->signatureKey($id), $out);
            rewind($out);
            return (string) stream_get_contents($out, 4096);
        } catch (OffsiteMissing) {
            return null;
        } finally {
            fclose($out);
        }
    }

    private function parse(string $id, mixed $data): SnapshotRecord
    {
        // A record may come from anyone: shapes are checked before any is cast.
        $parent = is_array($data) ? ($data['parent'] ?? null) : null;
        if (!is_array($data) || ($data['id'] ?? null) !== $id || !(null === $parent || is_string($parent))) {
            throw new OffsiteException("The off-site record of snapshot $id is damaged.");
        }
        try {
            return SnapshotRecord::fromArray($data);
        } catch (\UnexpectedValueException | \InvalidArgumentException | StoreException $e) {
            throw new OffsiteException("The off-site record of snapshot $id is damaged: " . $e->getMessage());
        }
    }
}
