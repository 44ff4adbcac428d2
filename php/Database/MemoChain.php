<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * The memo keys (RangeFingerprint::memoKey) of a table's range chunks, in key order, folded into one
 * hash: equal chains mean every range holds the same rows. A chunk without a memo key (a split range,
 * a keyset or scan table) breaks the chain (null): such a copy cannot be proved unchanged this way.
 */
final class MemoChain
{
    public const START = '';

    public static function add(?string $chain, ?string $memo): ?string
    {
        return $chain === null || $memo === null ? null : hash('sha256', $chain . $memo);
    }
}
