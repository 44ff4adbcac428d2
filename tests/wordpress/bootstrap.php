<?php
/**
 * Boots the test stack's real production WordPress (real MariaDB, the
 * plugin active from the working tree) for integration tests.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

$site_root = getenv( 'SITE_BACKUPS_WP_ROOT' );
$site_url  = getenv( 'SITE_BACKUPS_WP_URL' );
if ( ! $site_root || ! is_file( $site_root . '/wp-load.php' ) || ! $site_url ) {
	fwrite( STDERR, "SITE_BACKUPS_WP_ROOT and SITE_BACKUPS_WP_URL must name the test site: run `npm run test:wordpress`.\n" );
	exit( 1 );
}

require dirname( __DIR__, 2 ) . '/vendor/autoload.php';

// WordPress reads the request from $_SERVER even on the command line.
$parts                  = parse_url( $site_url );
$_SERVER['HTTP_HOST']   = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
$_SERVER['SERVER_NAME'] = $parts['host'];
$_SERVER['SERVER_PORT'] = (string) ( $parts['port'] ?? 80 );
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

define( 'WP_USE_THEMES', false );
require $site_root . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';
