<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/** fwrite until everything is written, or a typed error (disk full, closed stream). */
final class StreamWriter
{
    /** @param resource $out */
    public static function write($out, string $data): void
    {
        $length = strlen($data);
        $done = 0;
        while ($done < $length) {
            $written = @fwrite($out, $done === 0 ? $data : substr($data, $done));
            if ($written === false || $written === 0) {
                throw new DumpWriteException(sprintf('Writing the database dump failed after %d of %d bytes.', $done, $length));
            }
            $done += $written;
        }
    }
}
