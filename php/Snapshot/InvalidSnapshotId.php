<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Snapshot;

final class InvalidSnapshotId extends \InvalidArgumentException
{
}
