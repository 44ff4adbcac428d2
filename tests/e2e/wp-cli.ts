/**
 * WP-CLI against the test stack, for setting up what a test needs.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const WP = path.join( __dirname, '..', 'stack', 'wp.sh' );

/**
 * Runs a WP-CLI command on one site of the test stack and returns its output.
 *
 * @param site production or staging.
 * @param args WP-CLI arguments.
 */
export function wpCli(
	site: 'production' | 'staging',
	args: string[]
): string {
	return execFileSync( 'bash', [ WP, 'test', site, ...args ], {
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
