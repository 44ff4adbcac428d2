<?php

declare(strict_types=1);

namespace SiteBackups\Bench;

use Random\Engine\Xoshiro256StarStar;
use Random\Randomizer;

/**
 * Deterministic synthetic content: a seeded PRNG for decisions, AES-CTR keyed by the seed for
 * bulk incompressible bytes, and pools of pseudo-words, sentences and code lines for text that
 * compresses about as well as real prose and PHP (roughly 3x with gzip).
 */
final class Text
{
    /** @var list<string> */
    private array $words = [];
    /** @var list<string> */
    private array $sentences = [];
    /** @var list<string> */
    private array $codeLines = [];

    public function __construct(private readonly int $seed)
    {
        $r = self::rng($seed, 'text-pools');
        $syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'xi', 'ba', 'de', 'fu', 'go', 'hi', 'ja',
            'pre', 'str', 'con', 'tion', 'ing', 'er', 'al', 'an', 'or', 'es', 'th', 'qu', 'wy', 'zo', 'em'];
        for ($i = 0; $i < 6000; $i++) {
            $w = '';
            $n = $r->getInt(1, 4);
            for ($j = 0; $j < $n; $j++) {
                $w .= $syllables[$r->getInt(0, count($syllables) - 1)];
            }
            $this->words[] = $w;
        }
        for ($i = 0; $i < 20000; $i++) {
            $n = $r->getInt(6, 22);
            $parts = [];
            for ($j = 0; $j < $n; $j++) {
                $parts[] = $this->zipfWord($r);
            }
            $s = implode(' ', $parts);
            $this->sentences[] = ucfirst($s) . ($r->getInt(0, 9) === 0 ? '?' : '.');
        }
        $templates = [
            "\t\$%s = %s( \$%s, '%s' );",
            "\tif ( ! empty( \$%s ) && %s( \$%s ) ) {",
            "\t\treturn apply_filters( '%s_%s', \$%s, %d );",
            "\tpublic function %s_%s( \$%s = null ) {",
            "\t/** %s %s %s %s. */",
            "\t\t\$this->%s['%s'] = esc_html( \$%s );",
            ".%s-%s { margin: %dpx; color: #%06x; }",
            "\tconst %s = document.querySelector( '.%s-%s' ); // %d",
            "\t\tforeach ( \$%s as \$%s => \$%s ) {",
            "\t}",
        ];
        for ($i = 0; $i < 4000; $i++) {
            $t = $templates[$r->getInt(0, count($templates) - 1)];
            $args = [];
            for ($k = 0; $k < 4; $k++) {
                $args[] = $this->words[$r->getInt(0, 799)];
            }
            $line = @vsprintf(str_replace(['%d', '%06x'], ['%s', '%s'], $t), $args);
            $this->codeLines[] = $line;
        }
    }

    public static function rng(int $seed, string $purpose): Randomizer
    {
        return new Randomizer(new Xoshiro256StarStar(hash('sha256', $seed . ':' . $purpose, true)));
    }

    /** A uniform float in [0, 1) (Randomizer::nextFloat() is PHP 8.3). */
    public static function float(Randomizer $r): float
    {
        return $r->getInt(0, (1 << 53) - 1) / (float) (1 << 53);
    }

    /** Incompressible bytes, a pure function of (seed, stream name, offset within the stream). */
    public function bytes(string $stream, int $offset, int $length): string
    {
        $key = hash('sha256', $this->seed . ':bytes:' . $stream, true);
        $block = intdiv($offset, 16);
        $skip = $offset % 16;
        $plain = str_repeat("\0", $length + $skip);
        $out = openssl_encrypt($plain, 'aes-256-ctr', $key, OPENSSL_RAW_DATA, pack('J2', 0, $block));
        return substr($out, $skip, $length);
    }

    public function paragraph(Randomizer $r, int $sentences): string
    {
        $parts = [];
        for ($i = 0; $i < $sentences; $i++) {
            $parts[] = $this->sentences[$r->getInt(0, count($this->sentences) - 1)];
        }
        return implode(' ', $parts);
    }

    /** Block-editor post content of about $bytes bytes. */
    public function postContent(Randomizer $r, int $bytes): string
    {
        $out = '';
        while (strlen($out) < $bytes) {
            $kind = $r->getInt(0, 9);
            if (0 === $kind) {
                $out .= "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">" . $this->title($r) . "</h2>\n<!-- /wp:heading -->\n\n";
            } elseif (1 === $kind) {
                $id = $r->getInt(1, 99999);
                $out .= "<!-- wp:image {\"id\":$id,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"/wp-content/uploads/20"
                    . $r->getInt(19, 24) . '/' . sprintf('%02d', $r->getInt(1, 12)) . '/' . $this->word($r) . "-$id.jpg\" alt=\"\" class=\"wp-image-$id\"/></figure>\n<!-- /wp:image -->\n\n";
            } else {
                $out .= "<!-- wp:paragraph -->\n<p>" . $this->paragraph($r, $r->getInt(2, 7)) . "</p>\n<!-- /wp:paragraph -->\n\n";
            }
        }
        return $out;
    }

    public function code(Randomizer $r, int $bytes): string
    {
        $out = "<?php\n/**\n * " . $this->paragraph($r, 2) . "\n */\n\n";
        $n = count($this->codeLines);
        while (strlen($out) < $bytes) {
            // Real code repeats nearby lines a lot: runs of consecutive pool lines.
            $start = $r->getInt(0, $n - 1);
            $run = $r->getInt(1, 6);
            for ($i = 0; $i < $run; $i++) {
                $out .= $this->codeLines[($start + $i) % $n] . "\n";
            }
        }
        return $out;
    }

    public function title(Randomizer $r): string
    {
        $n = $r->getInt(3, 8);
        $parts = [];
        for ($i = 0; $i < $n; $i++) {
            $parts[] = $this->zipfWord($r);
        }
        return ucwords(implode(' ', $parts));
    }

    public function word(Randomizer $r): string
    {
        return $this->zipfWord($r);
    }

    private function zipfWord(Randomizer $r): string
    {
        // Roughly Zipfian: a few words are very common.
        $u = Text::float($r);
        return $this->words[(int) (count($this->words) * $u * $u * $u)];
    }
}
