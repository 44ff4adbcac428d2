<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fopen -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Files;

final class LocalFileOpener implements FileOpener
{
    public function open(string $absolutePath)
    {
        $fp = @fopen($absolutePath, 'rb');
        if (false === $fp) {
            $error = error_get_last();
            throw new FileUnreadable('unreadable: ' . ($error['message'] ?? 'cannot open'));
        }
        return $fp;
    }
}
