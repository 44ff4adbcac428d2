<?php
/**
 * Plugin Name:       Site Backups
 * Description:       Daily automatic backups of the live site, one-click backups of production and staging, plan-based retention, restore and download.
 * Version:           0.1.0
 * Requires at least: 6.6
 * Requires PHP:      8.1
 * Author:            Site Backups
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       site-backups
 * Domain Path:       /languages
 *
 * @package SiteBackups
 */

// This file must still parse on old PHP versions, so that it can explain
// itself instead of breaking the site: no syntax newer than PHP 5.6 here.

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'SITE_BACKUPS_VERSION', '0.1.0' );
define( 'SITE_BACKUPS_FILE', __FILE__ );
define( 'SITE_BACKUPS_MIN_PHP', '8.1' );

/**
 * Shows an admin notice to administrators and stops nothing else.
 *
 * @param string $message Already translated, plain-text message.
 * @return void
 */
function site_backups_admin_notice( $message ) {
	add_action(
		'admin_notices',
		function () use ( $message ) {
			if ( current_user_can( 'activate_plugins' ) ) {
				printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $message ) );
			}
		}
	);
}

if ( version_compare( PHP_VERSION, SITE_BACKUPS_MIN_PHP, '<' ) ) {
	site_backups_admin_notice(
		sprintf(
			/* translators: 1: required PHP version, 2: current PHP version. */
			__( 'Site Backups needs PHP %1$s or later; this site runs PHP %2$s. Ask your host to upgrade PHP. No backups are being made.', 'site-backups' ),
			SITE_BACKUPS_MIN_PHP,
			PHP_VERSION
		)
	);
	return;
}

require_once __DIR__ . '/plugin/autoload.php';

if ( ! class_exists( 'SiteBackups\Plugin' ) ) {
	site_backups_admin_notice( __( 'Site Backups is incomplete: its plugin/ folder is missing. Reinstall the plugin. No backups are being made.', 'site-backups' ) );
	return;
}

// On a multisite network the plugin runs network-activated, on the main site only (see MultisiteGuard).
if ( SiteBackups\MultisiteGuard::holds_back( __FILE__ ) ) {
	return;
}

SiteBackups\Plugin::boot( __FILE__ );
