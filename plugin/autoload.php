<?php
/**
 * Class autoloader for the plugin, so the shipped zip needs no Composer.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// Loaded by site-backups.php inside WordPress, never on its own.
if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

spl_autoload_register(
	static function ( string $class_name ): void {
		// Longest prefix first: the engine is a sub-namespace in its own folder.
		static $roots = array(
			'SiteBackups\\Engine\\' => __DIR__ . '/../php/',
			'SiteBackups\\'         => __DIR__ . '/',
		);
		foreach ( $roots as $prefix => $dir ) {
			if ( 0 === strncmp( $class_name, $prefix, strlen( $prefix ) ) ) {
				$file = $dir . str_replace( '\\', '/', substr( $class_name, strlen( $prefix ) ) ) . '.php';
				if ( is_file( $file ) ) {
					require $file;
				}
				return;
			}
		}
	}
);
