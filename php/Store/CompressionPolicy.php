<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/**
 * Decides whether compressing is worth the CPU: formats that are already compressed are stored raw,
 * and anything else is compressed only if a sample of its first block shrinks noticeably.
 */
final class CompressionPolicy
{
    public const LEVEL = 1; // fastest zlib level: most of the gain at a fraction of the time

    private const SAMPLE_BYTES = 16384; // enough to judge; more only repeats the work the stream then does
    private const MIN_GAIN     = 0.9;   // keep compression only if the sample shrinks below 90 %
    private const TINY         = 64;    // too small to gain anything

    private const COMPRESSED_EXTENSIONS = [
        'jpg', 'jpeg', 'png', 'gif', 'webp', 'avif', 'heic', 'heif', 'jxl',
        'zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'jar', 'wpress', 'daf',
        'mp4', 'm4v', 'mov', 'avi', 'mkv', 'webm', 'mp3', 'm4a', 'aac', 'ogg', 'oga', 'ogv', 'opus', 'flac',
        'woff', 'woff2', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'epub', 'br',
    ];

    /** @return bool|null false when the name says the content is already compressed, null when unknown */
    public static function hintForPath(string $path): ?bool
    {
        $dot = strrpos($path, '.');
        if (false === $dot) {
            return null;
        }
        $extension = strtolower(substr($path, $dot + 1));
        return in_array($extension, self::COMPRESSED_EXTENSIONS, true) ? false : null;
    }

    public static function firstBlockCompresses(string $block): bool
    {
        $sample = strlen($block) > self::SAMPLE_BYTES ? substr($block, 0, self::SAMPLE_BYTES) : $block;
        if (strlen($sample) < self::TINY) {
            return false;
        }
        $packed = gzdeflate($sample, self::LEVEL);
        return false !== $packed && strlen($packed) < strlen($sample) * self::MIN_GAIN;
    }
}
