<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

/** The outcome of replacing in one value. */
final class ReplacedValue
{
    /**
     * @param int $malformed serialized parts left byte for byte unchanged because they do not parse
     * @param int $opaque custom-serialized (C:) payloads containing a search string, left unchanged
     */
    public function __construct(
        public readonly string $value,
        public readonly bool $changed,
        public readonly int $malformed,
        public readonly int $opaque,
    ) {
    }
}
