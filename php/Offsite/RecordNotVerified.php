<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/**
 * A snapshot record in the bucket that this site's recovery key does not vouch for: it is not
 * restored, fetched or downloaded, since anyone who can write to the bucket could have made it.
 */
final class RecordNotVerified extends OffsiteException
{
    public function __construct(public readonly string $id, public readonly string $reason)
    {
        parent::__construct(
            "The off-site record of snapshot $id is not verified ($reason), so it is not used: "
            . 'set the recovery key of the site that made it.'
        );
    }
}
