<?php

declare(strict_types=1);

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
