<?php

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Browse;

/**
 * Every list of Browse comes in pages: at most $limit items after a cursor (the last name or path of
 * the page before), sorted, so a caller holds one page at a time and asks for the next with the
 * page's `next`, null on the last page.
 */
final class Paging
{
    public const DEFAULT_LIMIT = 100;
    public const MAX_LIMIT     = 1000;

    public static function limit(int $limit): int
    {
        if ($limit < 1 || $limit > self::MAX_LIMIT) {
            throw new \InvalidArgumentException('A page holds from 1 to ' . self::MAX_LIMIT . ' items.');
        }
        return $limit;
    }

    /** A cursor handed back: any name a page gave, never empty. */
    public static function cursor(?string $after): ?string
    {
        if ('' === $after || (null !== $after && strlen($after) > BrowsePath::MAX_BYTES)) {
            throw new \InvalidArgumentException('Not a cursor of a page.');
        }
        return $after;
    }
}
