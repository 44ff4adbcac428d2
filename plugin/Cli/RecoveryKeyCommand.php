<?php
/**
 * WP-CLI: wp site-backups recovery-key.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use WP_CLI;
use WP_CLI\Formatter;

/**
 * The key that signs this site's backups in the off-site bucket, through the same REST routes as
 * the screen. Without it a new server lists the bucket's backups as not verified and restores none.
 */
final class RecoveryKeyCommand {

	private const FIELDS = array( 'source', 'shown' );

	/**
	 * Shows where the recovery key comes from and whether it was shown. Never shows the key.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Render output in a particular format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups recovery-key status --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args ): void {
		list( $status ) = RestCall::send( 'GET', '/settings/recovery-key' );
		$this->show_status( (array) $status, $assoc_args );
	}

	/**
	 * Sets the recovery key of the server that made the backups in the bucket, on a new server.
	 *
	 * The key is asked for without echo, or read from the SITE_BACKUPS_RECOVERY_KEY environment
	 * variable, so it stays out of the shell's history. The backups on this server are signed with
	 * it at the next copy, which starts now.
	 *
	 * ## OPTIONS
	 *
	 * [--yes]
	 * : Replace this server's own key without asking.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups recovery-key set --user=admin
	 *     Recovery key:
	 *     Success: The recovery key is set: the backups in the bucket that it signed can be restored here.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function set( array $args, array $assoc_args ): void {
		list( $status ) = RestCall::send( 'GET', '/settings/recovery-key' );
		if ( 'saved' === ( $status['source'] ?? null ) ) {
			WP_CLI::confirm( __( 'This server has a recovery key already. Replace it? Backups kept only in the bucket and signed with it are then not verified here, unless it is set again.', 'site-backups' ), $assoc_args );
		}
		$key = trim( HiddenInput::read( 'SITE_BACKUPS_RECOVERY_KEY', __( 'Recovery key', 'site-backups' ) ) );
		if ( '' === $key ) {
			WP_CLI::error( __( 'No recovery key was given.', 'site-backups' ) );
		}
		RestCall::send( 'POST', '/settings/recovery-key', array( 'key' => $key ) );
		WP_CLI::success( __( 'The recovery key is set: the backups in the bucket that it signed can be restored here.', 'site-backups' ) );
	}

	/**
	 * Shows the recovery key, once: keep it away from this server. It is not shown again.
	 *
	 * ## OPTIONS
	 *
	 * [--yes]
	 * : Show it without asking.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups recovery-key show --yes --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function show( array $args, array $assoc_args ): void {
		RestCall::require_user();
		WP_CLI::confirm( __( 'The recovery key is shown only this once. Show it now?', 'site-backups' ), $assoc_args );
		list( $revealed ) = RestCall::send( 'POST', '/settings/recovery-key/reveal' );
		WP_CLI::line( (string) ( $revealed['key'] ?? '' ) );
		WP_CLI::warning( __( 'Save this recovery key away from this server: without it, backups in the bucket cannot be restored on a new server. It is not shown again.', 'site-backups' ) );
	}

	/**
	 * Prints the status.
	 *
	 * @param array<string, mixed> $status     The REST answer.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	private function show_status( array $status, array $assoc_args ): void {
		if ( 'table' === ( $assoc_args['format'] ?? 'table' ) ) {
			$status['shown'] = ! empty( $status['shown'] ) ? 'yes' : 'no';
		}
		( new Formatter( $assoc_args, self::FIELDS ) )->display_item( $status );
	}
}
