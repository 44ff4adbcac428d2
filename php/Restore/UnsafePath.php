<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/** A manifest path that could land outside the folder being restored into. */
final class UnsafePath extends \RuntimeException
{
    /** Manifest paths are relative, with no empty, "." or ".." parts: nothing can land outside the target. */
    public static function assertRelative(string $path): void
    {
        if ('' === $path || str_contains($path, "\0") || str_starts_with($path, '/')) {
            throw new self('Unsafe path in manifest.');
        }
        foreach (explode('/', $path) as $part) {
            if ('' === $part || '.' === $part || '..' === $part) {
                throw new self('Unsafe path in manifest.');
            }
        }
    }
}
