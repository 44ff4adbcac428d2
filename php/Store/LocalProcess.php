<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/**
 * The process that writes a file, as its name records it: a short tag of the host and the process id.
 * A file named by a process of this host that no longer runs is known to be orphaned at once; one of
 * another host (a store on shared storage) is not, and goes by age only.
 */
final class LocalProcess
{
    /** Eight hex digits that tell this host from another sharing the store. */
    public static function hostTag(): string
    {
        return substr(hash('sha256', (string) gethostname()), 0, 8);
    }

    /** Whether process $pid of this host runs; true where that cannot be told. */
    public static function isRunning(int $pid): bool
    {
        if ($pid === getmypid()) {
            return true;
        }
        if (@is_dir('/proc/self')) {
            return @is_dir('/proc/' . $pid);
        }
        if (function_exists('posix_kill')) {
            // Signal 0 only asks; EPERM means it runs under another user.
            return posix_kill($pid, 0) || posix_get_last_error() === 1;
        }

        return true;
    }
}
