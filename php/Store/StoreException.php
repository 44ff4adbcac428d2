<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/** Base class for every failure of the backup store. */
class StoreException extends \RuntimeException
{
}
