<?php
/**
 * Constants that WordPress defines at run time and the stubs do not.
 *
 * @package SiteBackups
 */

define( 'MINUTE_IN_SECONDS', 60 );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );
define( 'WEEK_IN_SECONDS', 604800 );
define( 'SITE_BACKUPS_VERSION', '0.0.0' );
define( 'SITE_BACKUPS_FILE', __FILE__ );
define( 'ABSPATH', '/srv/www/' );
define( 'WP_CONTENT_DIR', '/srv/www/wp-content' );
define( 'WP_PLUGIN_DIR', '/srv/www/wp-content/plugins' );
define( 'WPMU_PLUGIN_DIR', '/srv/www/wp-content/mu-plugins' );
define( 'DB_HOST', 'localhost' );
define( 'DB_USER', 'wordpress' );
define( 'DB_PASSWORD', '' );
define( 'DB_NAME', 'wordpress' );
