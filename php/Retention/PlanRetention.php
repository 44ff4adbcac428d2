<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Retention;

use SiteBackups\Engine\Environment;

/**
 * The hosting plan's promise: a backup is kept $days days, and the newest production backup however
 * old, so that a run of failing backups never leaves the site without one. Staging has no such floor.
 * The same rule prunes the store, the bucket (OffsiteRetention) and, with fewer days, the local
 * copies of backups kept off-site.
 */
final class PlanRetention
{
    private const DAY = 86400;

    /** The environment whose newest backup is kept however old. */
    public const ALWAYS_KEEP_NEWEST_OF = Environment::PRODUCTION;

    public function __construct(public readonly int $days)
    {
        if ($days < 0) {
            throw new \InvalidArgumentException('A plan cannot keep backups a negative number of days.');
        }
    }

    /** When a backup begun at $created (Unix time) expires, unless it is the one kept however old. */
    public function expiresAt(int $created): int
    {
        return $created + $this->days * self::DAY;
    }

    /**
     * The rules that apply the plan at $now, one per environment.
     *
     * @param list<string> $keepIds also kept, whatever their age
     * @return list<RetentionRule>
     */
    public function rules(int $now, array $keepIds = []): array
    {
        $cutoff = (float) ($now - $this->days * self::DAY);
        $rules  = [];
        foreach ([Environment::PRODUCTION, Environment::STAGING] as $environment) {
            $rules[] = new RetentionRule(
                keepNewerThan: $cutoff,
                keepLast: self::ALWAYS_KEEP_NEWEST_OF === $environment ? 1 : 0,
                keepIds: $keepIds,
                environment: $environment,
            );
        }
        return $rules;
    }

    /**
     * The backup kept however old among $summaries (newest first), if any.
     *
     * @param iterable<array{id: string, meta: array<string, mixed>}> $summaries
     */
    public static function alwaysKept(iterable $summaries): ?string
    {
        foreach ($summaries as $summary) {
            // A backup of part of the site is never the one kept: it lacks the rest.
            if (self::ALWAYS_KEEP_NEWEST_OF === ($summary['meta']['environment'] ?? null) && !isset($summary['meta']['scope'])) {
                return $summary['id'];
            }
        }
        return null;
    }
}
