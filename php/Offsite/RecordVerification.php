<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/**
 * Whether a snapshot record read from the bucket was signed with this site's recovery key, and
 * when not, why. The reasons are fixed English phrases the plugin shows (and translates).
 */
final class RecordVerification
{
    public const NO_SIGNATURE = 'no signature';
    public const OTHER_KEY    = 'signed with another recovery key';
    public const MISMATCH     = 'signature does not match';

    public const REASONS = [self::NO_SIGNATURE, self::OTHER_KEY, self::MISMATCH];

    private function __construct(public readonly bool $verified, public readonly ?string $reason)
    {
    }

    public static function verified(): self
    {
        return new self(true, null);
    }

    /** @param self::NO_SIGNATURE|self::OTHER_KEY|self::MISMATCH $reason */
    public static function failed(string $reason): self
    {
        return new self(false, $reason);
    }
}
