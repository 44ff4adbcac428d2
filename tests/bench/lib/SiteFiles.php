<?php

declare(strict_types=1);

namespace SiteBackups\Bench;

use Random\Randomizer;

/**
 * The synthetic site's files: WordPress-like core, theme and plugin code (compressible) and
 * uploads (JPEG-like random bytes, 20 KB to a few MB, plus a few files larger than a chunk).
 */
final class SiteFiles
{
    public const BASE_TIME = 1704067200; // 2024-01-01, mtimes are deterministic
    public const DAY       = 86400;

    private const KB = 1024;
    private const MB = 1048576;

    public function __construct(private readonly string $root, private readonly Text $text, private readonly int $seed)
    {
    }

    /** @return array{files: int, bytes: int, uploads: int, upload_bytes: int, large: int} */
    public function generate(int $fileCount, int $totalBytes): array
    {
        $r = Text::rng($this->seed, 'files');
        $codeCount = (int) round($fileCount * 0.45);
        $uploadCount = $fileCount - $codeCount;
        $stats = ['files' => 0, 'bytes' => 0, 'uploads' => 0, 'upload_bytes' => 0, 'large' => 0];

        file_put_contents($this->root . '/wp-config.php', "<?php\n// Synthetic benchmark site.\n\$table_prefix = 'wp_';\n");
        touch($this->root . '/wp-config.php', self::BASE_TIME);
        $stats['files']++;

        // Code: wp-admin, wp-includes, plugins and themes, nested a few folders deep.
        $codeDirs = [];
        foreach (['wp-admin' => 12, 'wp-includes' => 20] as $top => $n) {
            for ($i = 0; $i < $n; $i++) {
                $codeDirs[] = $top . ($i === 0 ? '' : '/' . $this->text->word($r) . "-$i");
            }
        }
        for ($p = 0; $p < 24; $p++) {
            $base = 'wp-content/plugins/' . $this->text->word($r) . '-' . $this->text->word($r) . "-$p";
            foreach (['', '/includes', '/admin', '/assets/js', '/assets/css', '/vendor/' . $this->text->word($r) . '/src'] as $sub) {
                $codeDirs[] = $base . $sub;
            }
        }
        for ($t = 0; $t < 3; $t++) {
            $base = 'wp-content/themes/' . $this->text->word($r) . "-theme-$t";
            foreach (['', '/parts', '/patterns', '/assets/css', '/assets/js', '/templates'] as $sub) {
                $codeDirs[] = $base . $sub;
            }
        }
        $extensions = ['php', 'php', 'php', 'php', 'js', 'css', 'json', 'txt'];
        $codeBytes = 0;
        for ($i = 0; $i < $codeCount; $i++) {
            $dir = $codeDirs[$r->getInt(0, count($codeDirs) - 1)];
            $size = self::logUniform($r, 500, 80 * self::KB);
            $name = $dir . '/' . $this->text->word($r) . "-$i." . $extensions[$r->getInt(0, count($extensions) - 1)];
            $contents = $this->text->code($r, $size);
            $this->writeText($name, $contents, self::BASE_TIME + $i);
            $codeBytes += strlen($contents);
            $stats['files']++;
        }

        // Uploads: a few large files, then originals and thumbnails scaled to the byte target.
        $large = max(1, (int) round(4 * $fileCount / 4000));
        $largeSizes = [];
        for ($i = 0; $i < $large; $i++) {
            $largeSizes[] = $r->getInt((int) (8.5 * self::MB), 16 * self::MB);
        }
        $rest = max(0, $totalBytes - $codeBytes - array_sum($largeSizes));
        $sizes = [];
        for ($i = 0; $i < $uploadCount - $large; $i++) {
            $sizes[] = $r->getInt(0, 3) === 0 ? self::logUniform($r, 150 * self::KB, 3 * self::MB) : self::logUniform($r, 20 * self::KB, 150 * self::KB);
        }
        $factor = [] === $sizes ? 1.0 : $rest / max(1, array_sum($sizes));
        $sizes = array_map(static fn (int $s): int => max(20 * self::KB, (int) ($s * $factor)), $sizes);
        $all = array_merge($largeSizes, $sizes);
        foreach ($all as $i => $size) {
            $month = intdiv($i * 72, max(1, count($all)));
            $path = sprintf('wp-content/uploads/%d/%02d/%s-%d.%s', 2019 + intdiv($month, 12), $month % 12 + 1,
                $this->text->word($r), $i, $i < $large ? 'mp4' : 'jpg');
            $this->writeUpload($path, 'upload-' . $i, $size, self::BASE_TIME + $i);
            $stats['files']++;
            $stats['uploads']++;
            $stats['upload_bytes'] += $size;
            $stats['large'] += $i < $large ? 1 : 0;
        }
        $stats['bytes'] = $codeBytes + $stats['upload_bytes'];
        return $stats;
    }

    /** A day's new uploads: originals and thumbnails until $budget bytes. @return array{files: int, bytes: int} */
    public function addUploads(int $day, int $budget): array
    {
        $r = Text::rng($this->seed, "uploads-day-$day");
        $files = 0;
        $bytes = 0;
        $time = self::BASE_TIME + 400 * self::DAY + $day * self::DAY;
        $dir = sprintf('wp-content/uploads/2025/%02d', min(12, intdiv($day, 31) + 1));
        while ($bytes < $budget) {
            // An original plus its thumbnails (about 0.6 of it) fill what is left of the budget at most.
            $size = max(20 * self::KB, min((int) (($budget - $bytes) / 1.61), self::logUniform($r, 300 * self::KB, 2 * self::MB)));
            $name = $this->text->word($r) . "-d$day-$files";
            $this->writeUpload("$dir/$name.jpg", "day-$day-$files", $size, $time);
            $bytes += $size;
            $files++;
            // Each original gets three thumbnails.
            foreach ([150, 300, 768] as $w) {
                $thumb = max(8 * self::KB, intdiv($size * $w, 2000));
                $this->writeUpload("$dir/$name-{$w}x{$w}.jpg", "day-$day-$files-$w", $thumb, $time);
                $bytes += $thumb;
                $files++;
            }
        }
        return ['files' => $files, 'bytes' => $bytes];
    }

    private function writeText(string $relative, string $contents, int $mtime): void
    {
        $path = $this->root . '/' . $relative;
        if (!is_dir(dirname($path))) {
            mkdir(dirname($path), 0755, true);
        }
        file_put_contents($path, $contents);
        touch($path, $mtime);
    }

    private function writeUpload(string $relative, string $stream, int $size, int $mtime): void
    {
        $path = $this->root . '/' . $relative;
        if (!is_dir(dirname($path))) {
            mkdir(dirname($path), 0755, true);
        }
        $fp = fopen($path, 'wb');
        // A JFIF-like header, random "entropy-coded" data, an end-of-image marker.
        $header = "\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00\xFF\xDB\x00\x43\x00";
        $header .= str_repeat("\x10", 64);
        fwrite($fp, $header);
        $left = max(0, $size - strlen($header) - 2);
        $offset = 0;
        while ($left > 0) {
            $n = min($left, 4 * self::MB);
            fwrite($fp, $this->text->bytes($stream, $offset, $n));
            $offset += $n;
            $left -= $n;
        }
        fwrite($fp, "\xFF\xD9");
        fclose($fp);
        touch($path, $mtime);
    }

    public static function logUniform(Randomizer $r, int $min, int $max): int
    {
        return (int) exp(log($min) + Text::float($r) * (log($max) - log($min)));
    }
}
