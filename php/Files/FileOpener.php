<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

/** Opens site files for reading; a seam so tests can count reads or simulate trouble. */
interface FileOpener
{
    /**
     * @return resource a binary read stream
     * @throws FileUnreadable with the reason, when the file cannot be opened
     */
    public function open(string $absolutePath);
}
