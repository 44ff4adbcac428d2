<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

/**
 * Rules applied to snapshots met one by one, newest first: the local catalog or a bucket's. A snapshot
 * goes when a rule that covers it does not keep it; one no rule covers, or a protected one, stays.
 * Each rule ranks every snapshot it covers, kept or not, so rules are meant to cover apart (one per
 * environment).
 */
final class RetentionPass
{
    /** @var array<string, true> */
    private readonly array $protected;
    /** @var array<int, int> how many snapshots each rule has covered so far */
    private array $ranks = [];

    /**
     * @param list<RetentionRule> $rules
     * @param list<string> $protected ids kept whatever the rules say
     */
    public function __construct(private readonly array $rules, array $protected = [])
    {
        $this->protected = array_fill_keys($protected, true);
    }

    /**
     * Whether the snapshot stays; asked once for each snapshot, newest first. A backup of part of the
     * site ($whole false: a safety backup of some paths and tables) takes no place in the ranks: "the
     * newest backup kept" is never one that lacks the rest of the site; only its age or id keeps it.
     */
    public function keeps(string $id, string $environment, bool $whole = true): bool
    {
        $keep = true;
        foreach ($this->rules as $index => $rule) {
            if ($rule->covers($environment)) {
                if ($whole) {
                    $this->ranks[$index] = ($this->ranks[$index] ?? 0) + 1;
                }
                $keep = $keep && $rule->keeps($id, $whole ? $this->ranks[$index] : PHP_INT_MAX);
            }
        }

        return $keep || isset($this->protected[$id]);
    }
}
