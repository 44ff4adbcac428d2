<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/** A key the bucket does not hold. */
final class OffsiteMissing extends OffsiteException
{
}
