<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

final class FileUnreadable extends \RuntimeException
{
}
