<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

/**
 * Writes a view as `CREATE OR REPLACE ... SQL SECURITY INVOKER VIEW` without a
 * DEFINER: the definer account rarely exists on the server a backup is
 * restored to, and INVOKER needs no such account.
 */
final class ViewDumper
{
    private const SHOW_CREATE_PATTERN = '/\ACREATE (?:ALGORITHM=(\w+) )?(?:DEFINER=(?:`(?:[^`]|``)*`|\S+)@(?:`(?:[^`]|``)*`|\S+) )?(?:SQL SECURITY \w+ )?VIEW '
        . Identifier::PATTERN . ' AS (.*)\z/s';

    public function __construct(private readonly Connection $connection)
    {
    }

    /** @throws TableNotFoundException */
    public function dump(string $view): string
    {
        [$algorithm, $body] = $this->parse($view);

        return 'CREATE OR REPLACE ALGORITHM=' . $algorithm . ' SQL SECURITY INVOKER VIEW '
            . Identifier::quote($view) . ' AS ' . $body . ";\n";
    }

    /** The SELECT (and CHECK OPTION) part of the view, as the server normalised it. */
    public function body(string $view): string
    {
        return $this->parse($view)[1];
    }

    /** @return array{string, string} */
    private function parse(string $view): array
    {
        $row = $this->connection->fetchRow('SHOW CREATE VIEW ' . Identifier::quote($view));
        $create = (string) ($row['Create View'] ?? '');
        if (preg_match(self::SHOW_CREATE_PATTERN, $create, $m) !== 1) {
            throw new DatabaseException(sprintf('Unexpected SHOW CREATE VIEW output for `%s`.', $view));
        }

        return [$m[1] !== '' ? $m[1] : 'UNDEFINED', $m[2]];
    }
}
