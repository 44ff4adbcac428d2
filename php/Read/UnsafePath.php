<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Read;

/**
 * A path of a backup that could land outside the folder being written into, or be written
 * through a symbolic link. The message names the path and the reason.
 */
final class UnsafePath extends \RuntimeException
{
    /** Longer paths are cut in messages: a hostile manifest may hold very long names. */
    private const SHOWN_BYTES = 300;

    /** A path of the manifest itself is unsafe (ManifestPathGuard). */
    public static function inManifest(string $path, string $reason, ?string $related = null): self
    {
        return new self('The backup holds an unsafe path: ' . self::describe($path, $reason, $related));
    }

    /** The file system refuses what the manifest asks for (ParentFolders): a symbolic link or a file in the way. */
    public static function refused(string $action, string $path, string $reason, ?string $related = null): self
    {
        return new self('Refused to ' . $action . ' ' . self::describe($path, $reason, $related));
    }

    /**
     * A path as a log line or a screen can show it: control characters and bytes that are not
     * UTF-8 as \xNN, very long paths cut.
     */
    public static function shown(string $path): string
    {
        if ('' === $path) {
            return '""';
        }
        $cut  = strlen($path) > self::SHOWN_BYTES;
        $path = $cut ? substr($path, 0, self::SHOWN_BYTES) : $path;
        // Control characters one by one; runs of high bytes as they are when they are UTF-8.
        $shown = (string) preg_replace_callback('/[\x00-\x1f\x7f]|[\x80-\xff]+/', [self::class, 'escape'], $path);
        return $cut ? $shown . '…' : $shown;
    }

    /** @param array<int, string> $match */
    private static function escape(array $match): string
    {
        $bytes = $match[0];
        if (ord($bytes[0]) >= 0x80 && mb_check_encoding($bytes, 'UTF-8')) {
            return $bytes;
        }
        $escaped = '';
        foreach (str_split($bytes) as $byte) {
            $escaped .= sprintf('\x%02X', ord($byte));
        }
        return $escaped;
    }

    private static function describe(string $path, string $reason, ?string $related): string
    {
        return self::shown($path) . ' ' . $reason . (null === $related ? '' : ' (' . self::shown($related) . ')') . '.';
    }
}
