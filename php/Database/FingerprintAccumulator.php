<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** Folds per-row hashes (RowHash::selectExpression) in PHP exactly as the server's aggregate does. */
final class FingerprintAccumulator
{
    private int $count = 0;
    private int $xor = 0;
    private bool $valid = true;

    public function __construct(private readonly RowHash $hash)
    {
    }

    public function add(?string $rowHash): void
    {
        $bits = $this->hash->fold($rowHash);
        if ($bits === null) {
            $this->valid = false;

            return;
        }
        ++$this->count;
        $this->xor ^= $bits;
    }

    /** The fingerprint of the rows added, null when there were none or one could not be hashed. */
    public function fingerprint(): ?string
    {
        if (!$this->valid || $this->count === 0) {
            return null;
        }

        return $this->hash->format($this->count, $this->xor);
    }
}
