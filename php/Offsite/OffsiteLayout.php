<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Snapshot\SnapshotId;

/**
 * Keys in the bucket (under the configured prefix):
 *   format.json             what wrote the copies, and whether (and with which key) they are encrypted
 *   snapshots/<id>          a snapshot's record, written last: its objects are all there before it
 *   snapshots/<id>.sig      its signature (RecordSignature, plain JSON), written just before it; records
 *                           without one (made before signatures) are read, and listed as not verified.
 *                           Readers that predate signatures skip these names: they did not change the format
 *   packs/<ab>/<pack>       many objects end to end (PackWriter), each as the local store keeps it
 *                           (and sealed on its own when encrypted), so a copy is a few large uploads
 *                           and a fetch reads one object or a run of them with a ranged GET
 *   indexes/<pack>          what a pack holds and where (PackIndex), written after its pack: a pack
 *                           without one is an upload cut short
 *   objects/<ab>/<name>     an object on its own: how format 1 stored every object; still read
 *
 * Objects are named by their content hash, or by a keyed hash of it when encrypted (names then
 * reveal nothing); packs by random ids.
 */
final class OffsiteLayout
{
    public const FORMAT = 'format.json';
    public const SNAPSHOTS = 'snapshots/';
    public const OBJECTS = 'objects/';
    public const PACKS = 'packs/';
    public const INDEXES = 'indexes/';
    public const SIGNATURE = '.sig';
    /** 2: objects go in packs. Readers of 1 would not find them, and the format record stops them. */
    public const VERSION = 2;

    public function __construct(private readonly ?Sealer $sealer)
    {
    }

    /** What the bucket calls an object: its hash, or a keyed hash of it when encrypted. */
    public function objectName(string $hash): string
    {
        return null === $this->sealer ? $hash : $this->sealer->nameFor($hash);
    }

    public function objectKey(string $hash): string
    {
        return self::nameKey($this->objectName($hash));
    }

    /** The key an object of this name has on its own (format 1), which its upload mark also goes by. */
    public static function nameKey(string $name): string
    {
        return self::OBJECTS . substr($name, 0, 2) . '/' . $name;
    }

    public function packKey(string $pack): string
    {
        return self::PACKS . substr($pack, 0, 2) . '/' . $pack;
    }

    public function indexKey(string $pack): string
    {
        return self::INDEXES . $pack;
    }

    /** Whether a key is one an upload mark may go by: an object's, a record's or a signature's. */
    public static function isMarkable(string $key): bool
    {
        if (1 === preg_match('#\A' . self::OBJECTS . '([0-9a-f]{2})/(\1[0-9a-f]{62})\z#', $key)) {
            return true;
        }
        $id = str_starts_with($key, self::SNAPSHOTS) ? substr($key, strlen(self::SNAPSHOTS)) : null;
        if (null !== $id && str_ends_with($id, self::SIGNATURE)) {
            $id = substr($id, 0, -strlen(self::SIGNATURE));
        }

        return null !== $id && SnapshotId::isValid($id);
    }

    /** The pack an index key names; null for any other key. */
    public static function packOfIndex(string $key): ?string
    {
        $pack = substr($key, strlen(self::INDEXES));

        return str_starts_with($key, self::INDEXES) && PackIndex::isPackId($pack) ? $pack : null;
    }

    /** The pack a pack key names; null for any other key. */
    public static function packOfKey(string $key): ?string
    {
        $pack = basename($key);

        return str_starts_with($key, self::PACKS) && PackIndex::isPackId($pack) ? $pack : null;
    }

    public function snapshotKey(string $id): string
    {
        return self::SNAPSHOTS . $id;
    }

    public function signatureKey(string $id): string
    {
        return self::SNAPSHOTS . $id . self::SIGNATURE;
    }

    /** @return array{format: int, encrypted: bool, key_check: string|null} */
    public function formatRecord(): array
    {
        return [
            'format' => self::VERSION,
            'encrypted' => null !== $this->sealer,
            'key_check' => $this->sealer?->keyCheck(),
        ];
    }
}
