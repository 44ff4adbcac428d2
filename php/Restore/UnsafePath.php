<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

final class UnsafePath extends \RuntimeException
{
}
