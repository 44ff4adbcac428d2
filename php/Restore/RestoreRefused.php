<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/**
 * The restore will not go on, for a reason already worded for the administrator (it came from the
 * TargetSite or says what was kept): its message is shown as it is. Nothing was changed.
 */
class RestoreRefused extends \RuntimeException
{
}
