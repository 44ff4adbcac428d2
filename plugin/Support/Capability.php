<?php
/**
 * Who may touch backups.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Support;

/**
 * One capability for every route, screen and WP-CLI command; a plain class, so code outside a
 * REST request never loads WordPress's REST controller to ask.
 */
final class Capability {

	/**
	 * The capability required to manage backups.
	 */
	public static function required(): string {
		return is_multisite() ? 'manage_network_options' : 'manage_options';
	}
}
