<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

use RuntimeException;

/** Text that starts like PHP serialize() output but is not: it is left exactly as it is. */
final class MalformedSerialized extends RuntimeException
{
}
