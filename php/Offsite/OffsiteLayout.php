<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/**
 * Keys in the bucket (under the configured prefix):
 *   format.json             what wrote the copies, and whether (and with which key) they are encrypted
 *   snapshots/<id>          a snapshot's record, written last: its objects are all there before it
 *   snapshots/<id>.sig      its signature (RecordSignature, plain JSON), written just before it; records
 *                           without one (made before signatures) are read, and listed as not verified.
 *                           Readers that predate signatures skip these names, so the format stays 1
 *   objects/<ab>/<name>     an object as the local store keeps it; named by its content hash, or by
 *                           a keyed hash of it when encrypted (names then reveal nothing)
 */
final class OffsiteLayout
{
    public const FORMAT = 'format.json';
    public const SNAPSHOTS = 'snapshots/';
    public const OBJECTS = 'objects/';
    public const SIGNATURE = '.sig';
    public const VERSION = 1;

    public function __construct(private readonly ?Sealer $sealer)
    {
    }

    public function objectKey(string $hash): string
    {
        $name = null === $this->sealer ? $hash : $this->sealer->nameFor($hash);

        return self::OBJECTS . substr($name, 0, 2) . '/' . $name;
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
