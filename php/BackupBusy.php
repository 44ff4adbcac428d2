<?php

declare(strict_types=1);

namespace SiteBackups\Engine;

/** Another process is working on this backup right now: try again later (its lock dies with it). */
final class BackupBusy extends \RuntimeException
{
}
