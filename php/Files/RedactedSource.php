<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

/** A file's bytes with its secrets removed, and a note when they had to be removed the blunt way. */
final class RedactedSource
{
    public function __construct(public readonly string $bytes, public readonly ?string $note = null)
    {
    }
}
