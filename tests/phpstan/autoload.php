<?php
/**
 * Loads the custom rules (PHP versions, the engine fence) for PHPStan's `--autoload-file` (-a): PHPStan builds its rules
 * before it reads `bootstrapFiles`, so they must be loadable from the start.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

require_once __DIR__ . '/DeprecatedByPhpRule.php';
require_once __DIR__ . '/PolyfilledByPhpstanRule.php';
require_once __DIR__ . '/EngineFenceRule.php';
