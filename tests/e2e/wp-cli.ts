/**
 * WP-CLI against the stack the tests run on, for setting up what a test needs.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const WP = path.join( __dirname, '..', 'stack', 'wp.sh' );

/**
 * The stack whose sites the tests drive: SITE_BACKUPS_STACK when set, else
 * the one WP_BASE_URL points at (8888 is the dev stack's production), else
 * the test stack. WP-CLI must act on the very sites the browser sees.
 */
export function stackName(): string {
	if ( process.env.SITE_BACKUPS_STACK ) {
		return process.env.SITE_BACKUPS_STACK;
	}
	const base = process.env.WP_BASE_URL;
	return base && new URL( base ).port === '8888' ? 'dev' : 'test';
}

/**
 * Runs a WP-CLI command on one site of the stack and returns its output.
 *
 * @param site production or staging.
 * @param args WP-CLI arguments.
 */
export function wpCli(
	site: 'production' | 'staging',
	args: string[]
): string {
	return execFileSync( 'bash', [ WP, stackName(), site, ...args ], {
		encoding: 'utf8',
	} ).trim();
}

/**
 * Runs PHP inside the production site (WordPress and the plugin loaded).
 *
 * @param code PHP code without the opening tag.
 */
export function phpOnProduction( code: string ): string {
	return wpCli( 'production', [ 'eval', code ] );
}

/**
 * Runs a `wp site-backups` subcommand as the administrator (the plugin is
 * active on production only; it reaches staging from there).
 *
 * @param args Subcommand and its arguments.
 */
export function siteBackups( args: string[] ): string {
	return wpCli( 'production', [ 'site-backups', ...args, '--user=admin' ] );
}
