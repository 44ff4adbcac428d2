<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Offsite;

/**
 * The companion object of a snapshot record in the bucket (snapshots/<id>.sig, plain JSON):
 *   {"kind":"site-backups-record-signature","version":1,"key":"<key id>","mac":"<hex>"}
 * The MAC (HMAC-SHA256 under a subkey of the recovery key) covers the record's exact plain bytes
 * and its id. It is not secret: without the key nobody can make one that matches.
 */
final class RecordSignature
{
    private const KIND    = 'site-backups-record-signature';
    private const VERSION = 1;

    public static function sign(RecoveryKey $key, string $id, string $record): string
    {
        return json_encode(
            ['kind' => self::KIND, 'version' => self::VERSION, 'key' => $key->id(), 'mac' => $key->mac($id, $record)],
            JSON_THROW_ON_ERROR
        ) . "\n";
    }

    /**
     * @param RecoveryKey|null $key       this site's key; null when it has none (nothing verifies)
     * @param string|null      $signature the companion object's bytes; null when there is none
     */
    public static function check(?RecoveryKey $key, string $id, string $record, ?string $signature): RecordVerification
    {
        if (null === $signature) {
            return RecordVerification::failed(RecordVerification::NO_SIGNATURE);
        }
        $data = json_decode($signature, true);
        $wellFormed = is_array($data)
            && self::KIND === ($data['kind'] ?? null)
            && self::VERSION === ($data['version'] ?? null)
            && is_string($data['key'] ?? null)
            && is_string($data['mac'] ?? null);
        if (!$wellFormed) {
            return RecordVerification::failed(RecordVerification::MISMATCH);
        }
        if (null === $key || !hash_equals($key->id(), $data['key'])) {
            return RecordVerification::failed(RecordVerification::OTHER_KEY);
        }
        if (!hash_equals($key->mac($id, $record), $data['mac'])) {
            return RecordVerification::failed(RecordVerification::MISMATCH);
        }

        return RecordVerification::verified();
    }
}
