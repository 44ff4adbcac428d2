<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

/**
 * A set of sha256 hashes in a few bits each. It can answer "maybe" for a hash never added
 * (then a sweep keeps some garbage until next time, with a new salt) but never "no" for one
 * added, which is the only mistake a sweep must not make. Memory stays small whatever the store.
 */
final class BloomFilter
{
    private const PROBES       = 8;
    private const BITS_PER_KEY = 16;
    private const MIN_BITS     = 1 << 20;
    private const MAX_BITS     = 1 << 28; // 32 MB: the most a 28-bit probe can address

    private string $bits;
    private int $size;
    /** @var list<int> */
    private array $salts = [];

    public function __construct(int $expectedKeys)
    {
        $this->size = min(self::MAX_BITS, max(self::MIN_BITS, $expectedKeys * self::BITS_PER_KEY));
        $this->bits = str_repeat("\0", intdiv($this->size + 7, 8));
        for ($i = 0; $i < self::PROBES; $i++) {
            $this->salts[] = random_int(0, (1 << 28) - 1);
        }
    }

    public function add(string $hash): void
    {
        foreach ($this->positions($hash) as $bit) {
            $byte              = $bit >> 3;
            $this->bits[$byte] = chr(ord($this->bits[$byte]) | (1 << ($bit & 7)));
        }
    }

    public function mightContain(string $hash): bool
    {
        foreach ($this->positions($hash) as $bit) {
            if (0 === (ord($this->bits[$bit >> 3]) & (1 << ($bit & 7)))) {
                return false;
            }
        }
        return true;
    }

    /** @return list<int> */
    private function positions(string $hash): array
    {
        $positions = [];
        for ($i = 0; $i < self::PROBES; $i++) {
            // Each 7-hex-digit slice of a sha256 is an independent uniform 28-bit number.
            $positions[] = (hexdec(substr($hash, $i * 7, 7)) ^ $this->salts[$i]) % $this->size;
        }
        return $positions;
    }
}
