<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/** A write into the store failed: usually a full disk or a folder that is not writable. */
final class StoreWriteFailed extends StoreException
{
    public static function at(string $path, string $what = 'write'): self
    {
        $last   = error_get_last();
        $detail = null !== $last ? ' (' . $last['message'] . ')' : '';
        return new self(
            sprintf('Could not %s %s: the disk may be full or the folder not writable%s.', $what, $path, $detail)
        );
    }
}
