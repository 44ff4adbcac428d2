<?php
/**
 * Off-site settings that cannot work.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use RuntimeException;

/**
 * Its message is written for the administrator and names the setting.
 */
final class OffsiteSettingsError extends RuntimeException {
}
