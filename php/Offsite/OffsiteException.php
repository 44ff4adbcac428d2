<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Offsite;

/** Off-site copies could not be written or read; the message is meant for an administrator. */
class OffsiteException extends \RuntimeException
{
}
