<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Store\BackupStore;
use SiteBackups\Engine\Store\CompressionPolicy;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\ObjectState;

/**
 * An object whose compressed stream ends exactly where a read block ends (WordPress's own
 * wp-includes/SimplePie/src/Misc.php is one) must read back: the reader once took it for truncated.
 */
final class BlockBoundaryTest extends TestCase
{
    private string $dir;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/sb-boundary-' . bin2hex(random_bytes(6));
    }

    protected function tearDown(): void
    {
        Durable::removeTree($this->dir);
    }

    public function testACompressedStreamEndingOnABlockBoundaryReadsBack(): void
    {
        foreach ([8192, 16384] as $boundary) {
            $plain   = self::compressibleTextPackingTo($boundary);
            $objects = BackupStore::create($this->dir . '/' . $boundary)->objects();
            $stored  = $objects->put($plain, true);

            $this->assertSame(ObjectState::Ok, $objects->check($stored->hash), "compressed size $boundary");
            $out = fopen('php://memory', 'w+b');
            $objects->copyTo($stored->hash, $out);
            rewind($out);
            $this->assertSame($plain, stream_get_contents($out));
        }
    }

    public function testBytesAfterTheCompressedStreamAreRefused(): void
    {
        $objects = BackupStore::create($this->dir)->objects();
        $stored  = $objects->put(str_repeat("a line of text that compresses well\n", 2000), true);
        $path    = $this->dir . '/objects/' . substr($stored->hash, 0, 2) . '/' . $stored->hash . '.php';
        file_put_contents($path, 'junk', FILE_APPEND);

        $this->assertSame(ObjectState::Corrupt, $objects->check($stored->hash));
    }

    /** The size the store's writer compresses $plain to: the same zlib calls it makes. */
    private static function packedSize(string $plain): int
    {
        $deflate = deflate_init(ZLIB_ENCODING_RAW, ['level' => CompressionPolicy::LEVEL]);
        return strlen(deflate_add($deflate, $plain, ZLIB_NO_FLUSH) . deflate_add($deflate, '', ZLIB_FINISH));
    }

    /** Deterministic text whose compressed form in the store is exactly $bytes long. */
    private static function compressibleTextPackingTo(int $bytes): string
    {
        $words = [];
        $state = 12345;
        for ($length = 0; $length < 4 * $bytes; $length++) {
            $state   = ($state * 1103515245 + 12345) & 0x7fffffff;
            $words[] = dechex($state % 4096);
            $plain   = implode(' ', $words);
            $packed  = self::packedSize($plain);
            if ($packed === $bytes) {
                return $plain;
            }
            if ($packed > $bytes) {
                // Overshot by one word: trim characters until it fits exactly.
                for ($cut = 1; $cut < 8; $cut++) {
                    $shorter = substr($plain, 0, -$cut);
                    if (self::packedSize($shorter) === $bytes) {
                        return $shorter;
                    }
                }
            }
        }
        self::fail("No text packs to exactly $bytes bytes.");
    }
}
