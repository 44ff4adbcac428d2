<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Download;

/** A zip archive could not be written as asked (bad name, size past what was announced, output failure). */
final class ZipException extends \RuntimeException
{
}
