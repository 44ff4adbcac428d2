<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use RuntimeException;

/** Writing the dump to the output stream failed (disk full, closed stream). */
final class DumpWriteException extends RuntimeException
{
}
