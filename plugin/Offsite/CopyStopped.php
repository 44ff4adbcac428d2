<?php
/**
 * A copy stopped between uploads because another job wants the slot.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use RuntimeException;

/**
 * Not a failure: everything uploaded before it is marked as copied, and the copy goes on from
 * there when it starts again.
 */
final class CopyStopped extends RuntimeException {
}
