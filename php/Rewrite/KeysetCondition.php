<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

use SiteBackups\Engine\Database\Column;
use SiteBackups\Engine\Database\Identifier;

/**
 * Comparisons of a (composite) key with a key value given as SQL literals,
 * spelled out as ORs, which the range optimizer uses, rather than a row
 * constructor comparison.
 */
final class KeysetCondition
{
    /**
     * @param list<Column> $keys
     * @param list<string> $literals
     */
    public static function after(array $keys, array $literals): string
    {
        return self::compare($keys, $literals, '>', '>');
    }

    /**
     * @param list<Column> $keys
     * @param list<string> $literals
     */
    public static function atOrBefore(array $keys, array $literals): string
    {
        return self::compare($keys, $literals, '<', '<=');
    }

    /**
     * @param list<Column> $keys
     * @param list<string> $literals
     */
    public static function equals(array $keys, array $literals): string
    {
        $terms = [];
        foreach ($keys as $i => $key) {
            $terms[] = Identifier::quote($key->name) . ' = ' . $literals[$i];
        }

        return implode(' AND ', $terms);
    }

    /**
     * @param list<Column> $keys
     * @param list<string> $literals
     */
    private static function compare(array $keys, array $literals, string $operator, string $lastOperator): string
    {
        $disjuncts = [];
        $last = count($keys) - 1;
        foreach ($keys as $i => $key) {
            $terms = [];
            for ($j = 0; $j < $i; ++$j) {
                $terms[] = Identifier::quote($keys[$j]->name) . ' = ' . $literals[$j];
            }
            $comparison = $i === $last ? $lastOperator : $operator;
            $terms[] = Identifier::quote($key->name) . ' ' . $comparison . ' ' . $literals[$i];
            $disjuncts[] = '(' . implode(' AND ', $terms) . ')';
        }

        return '(' . implode(' OR ', $disjuncts) . ')';
    }
}
