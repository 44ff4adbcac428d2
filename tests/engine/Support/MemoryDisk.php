<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

/**
 * A folder on the machine's memory disk (/dev/shm) when it is there, writable and has the room a
 * test needs; otherwise on $fallback. Containers often give /dev/shm no more than 64 MB, and a tmpfs
 * file takes a whole page however small it is, so the room is asked for, not assumed.
 */
final class MemoryDisk
{
    private const MOUNT = '/dev/shm';

    /** A new folder's path (not created yet), on the memory disk when it holds $bytes with room to spare. */
    public static function folder(string $prefix, int $bytes, string $fallback): string
    {
        $free = is_dir(self::MOUNT) && is_writable(self::MOUNT) ? @disk_free_space(self::MOUNT) : false;
        $base = false !== $free && $free >= 2 * $bytes ? self::MOUNT : $fallback;

        return rtrim($base, '/') . '/' . $prefix . bin2hex(random_bytes(6));
    }
}
