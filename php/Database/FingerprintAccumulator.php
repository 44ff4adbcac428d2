<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** Folds per-row hashes (RangeFingerprint::rowHashExpression) in PHP exactly as the server's aggregate does. */
final class FingerprintAccumulator
{
    private int $count = 0;
    private int $xor = 0;
    private int $sum1 = 0;
    private int $sum2 = 0;
    private bool $valid = true;

    public function add(?string $rowHash): void
    {
        if ($rowHash === null || strlen($rowHash) !== 32 || !ctype_xdigit($rowHash)) {
            $this->valid = false;

            return;
        }
        $words = unpack('Jx/Na/Nb', (string) hex2bin($rowHash));
        if ($words === false) {
            $this->valid = false;

            return;
        }
        ++$this->count;
        $this->xor ^= $words['x'];
        $this->sum1 += $words['a'];
        $this->sum2 += $words['b'];
    }

    /** The fingerprint of the rows added, null when there were none or one could not be hashed. */
    public function fingerprint(): ?string
    {
        if (!$this->valid || $this->count === 0) {
            return null;
        }

        return RangeFingerprint::format((string) $this->count, sprintf('%u', $this->xor), (string) $this->sum1, (string) $this->sum2);
    }
}
