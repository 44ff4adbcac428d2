<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

enum ObjectState: string
{
    case Ok      = 'ok';
    case Missing = 'missing';
    case Corrupt = 'corrupt';
}
