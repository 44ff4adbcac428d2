<?php

declare(strict_types=1);

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
