<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

/**
 * Every file the store writes (objects, snapshot records, state, manifest parts, temp files, format)
 * is a `.php` file that starts with GUARD, so a web server that runs PHP answers an empty page for
 * it, whatever follows. `exit` stops the request; `__halt_compiler()` stops PHP from even parsing
 * the stored bytes that follow (a plain `<?php exit; ?>` is not enough: the bytes after `?>` are
 * still compiled, and a stored `<?=` or a PHP file cut mid-way turns into a parse error whose
 * message quotes stored content). Readers verify the guard and refuse a file without it.
 */
final class GuardedFile
{
    public const GUARD     = "<?php exit; __halt_compiler(); ?>\n";
    public const EXTENSION = '.php';

    /** @return positive-int */
    public static function length(): int
    {
        return strlen(self::GUARD);
    }

    /** Writes GUARD + $contents atomically (see Durable::writeFile), owner-only unless $mode says otherwise. */
    public static function write(string $path, string $contents, ?int $mode = null): void
    {
        Durable::writeFile($path, self::GUARD . $contents, $mode);
    }

    /** @return string|null the contents after the guard; null when the file does not exist */
    public static function read(string $path): ?string
    {
        $bytes = @file_get_contents($path);
        if (false === $bytes) {
            return null;
        }
        return self::strip($bytes, $path);
    }

    public static function strip(string $bytes, string $pathForErrors): string
    {
        if (!str_starts_with($bytes, self::GUARD)) {
            throw new StoreException("$pathForErrors is not a file of this store (its guard line is missing).");
        }
        return substr($bytes, strlen(self::GUARD));
    }

    /** @param resource $fp positioned at the start of the file */
    public static function writeGuard($fp, string $pathForErrors): void
    {
        Durable::writeAll($fp, self::GUARD, $pathForErrors);
    }

    /**
     * Reads and checks the guard, leaving $fp just after it.
     * @param resource $fp positioned at the start of the file
     */
    public static function hasGuard($fp): bool
    {
        $head = fread($fp, strlen(self::GUARD));
        return self::GUARD === $head;
    }
}
