<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * A statement in a backup's database that the dumper never writes. The message names only the
 * kind of statement, never its text: a backup's rows are the site's data.
 */
final class RefusedStatement extends DatabaseException
{
    private const MESSAGE = "The backup's database holds a statement a backup never contains (%s)";

    private function __construct(public readonly string $kind, string $message)
    {
        parent::__construct($message);
    }

    public static function kind(string $kind): self
    {
        return new self($kind, sprintf(self::MESSAGE, $kind) . '.');
    }

    /** The same refusal, once what was loaded beside the live tables has been dropped again. */
    public function nothingChanged(): self
    {
        return new self($this->kind, sprintf(self::MESSAGE, $this->kind) . '; nothing was changed.');
    }
}
