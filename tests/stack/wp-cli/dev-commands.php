<?php
/**
 * Stand-ins for the WP-CLI commands the local stacks need but the package
 * registry reachable here does not serve (core-command, extension-command,
 * eval-command, cron-command, rewrite-command). Each one calls the same
 * WordPress functions as the official command; only the commands and flags
 * the stacks and tests use are provided. Loaded with `--require` by
 * tests/stack/lib.sh; never shipped with the plugin.
 *
 * @package SiteBackups
 */

declare(strict_types=1);


if ( ! class_exists( 'WP_CLI' ) ) {
	return;
}

// WP-CLI 2.11 asks for mustache 2.14.1; the registry serves 2.13.0, which
// raises PHP 8.2 deprecations whenever WP-CLI renders a command's synopsis,
// before and after WordPress loads. Hide deprecations in WP-CLI runs only;
// the PHPUnit suites still fail on any deprecation in the plugin.
error_reporting( error_reporting() & ~E_DEPRECATED ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions,WordPress.PHP.DevelopmentFunctions -- see above.
WP_CLI::add_hook(
	'after_wp_load',
	static function (): void {
		error_reporting( error_reporting() & ~E_DEPRECATED ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions,WordPress.PHP.DevelopmentFunctions -- see above.
	}
);

require_once __DIR__ . '/class-core-stand-in.php';
require_once __DIR__ . '/class-plugin-stand-in.php';
require_once __DIR__ . '/class-cron-stand-in.php';

WP_CLI::add_command( 'core', Site_Backups_Core_Stand_In::class, array( 'when' => 'before_wp_load' ) );
WP_CLI::add_command( 'plugin', Site_Backups_Plugin_Stand_In::class );
WP_CLI::add_command( 'cron event', Site_Backups_Cron_Stand_In::class );

/**
 * Executes arbitrary PHP code after loading WordPress.
 *
 * ## OPTIONS
 *
 * <php-code>
 * : The code to execute, without the opening tag.
 */
WP_CLI::add_command(
	'eval',
	static function ( array $args ): void {
		eval( $args[0] ); // phpcs:ignore Squiz.PHP.Eval.Discouraged -- the whole point of the command.
	}
);

/**
 * Flushes rewrite rules.
 */
WP_CLI::add_command(
	'rewrite flush',
	static function (): void {
		flush_rewrite_rules( false );
		WP_CLI::success( 'Rewrite rules flushed.' );
	}
);
