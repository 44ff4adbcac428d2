<?php
/**
 * WP-CLI: wp site-backups offsite.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use WP_CLI;
use WP_CLI\Formatter;

/**
 * Shows and sets the off-site settings through the same REST route as the screen: the bucket is
 * tried before anything is saved, and the host's settings in wp-config.php cannot be changed.
 */
final class OffsiteCommand {

	private const FIELDS = array( 'configured', 'set_by_host', 'encrypted', 'destination', 'healthy', 'message', 'last_copy' );

	/**
	 * Shows whether backups are copied off-site, where, and how the last copy went. Never shows a secret.
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
	 *     $ wp site-backups offsite status --format=json --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args ): void {
		list( $summary ) = RestCall::send( 'GET', '/settings/offsite' );
		$this->show( (array) $summary, $assoc_args );
	}

	/**
	 * Sets up off-site copies once the bucket answers with these settings. Backups already made are copied next.
	 *
	 * ## OPTIONS
	 *
	 * --endpoint=<url>
	 * : The S3-compatible endpoint, e.g. https://s3.eu-central-1.amazonaws.com.
	 *
	 * --bucket=<bucket>
	 * : The bucket.
	 *
	 * [--region=<region>]
	 * : The region.
	 * ---
	 * default: us-east-1
	 * ---
	 *
	 * [--prefix=<prefix>]
	 * : The folder in the bucket. Default: this site's host name.
	 *
	 * [--access-key=<key>]
	 * : The access key. Default: the saved one.
	 *
	 * [--keep-local-days=<days>]
	 * : Days to keep backups on this server once they are off-site. Default: the plan's retention.
	 *
	 * [--encrypt]
	 * : Ask for an encryption key (32 random bytes, base64-encoded) and encrypt copies with it.
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
	 * The secret key is asked for without echo (or read from the SITE_BACKUPS_S3_SECRET environment
	 * variable), so it stays out of the shell's history; press Enter to keep the saved one.
	 *
	 * ## EXAMPLES
	 *
	 *     $ SITE_BACKUPS_S3_SECRET=... wp site-backups offsite set --endpoint=https://s3.eu-central-1.amazonaws.com --region=eu-central-1 --bucket=my-backups --access-key=AKIA... --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function set( array $args, array $assoc_args ): void {
		$days            = $assoc_args['keep-local-days'] ?? null;
		$params          = array(
			'endpoint'        => (string) ( $assoc_args['endpoint'] ?? '' ),
			'region'          => (string) ( $assoc_args['region'] ?? 'us-east-1' ),
			'bucket'          => (string) ( $assoc_args['bucket'] ?? '' ),
			'prefix'          => (string) ( $assoc_args['prefix'] ?? '' ),
			'access_key'      => (string) ( $assoc_args['access-key'] ?? '' ),
			'secret'          => HiddenInput::read( 'SITE_BACKUPS_S3_SECRET', __( 'Secret key (Enter keeps the saved one)', 'site-backups' ) ),
			'encryption_key'  => empty( $assoc_args['encrypt'] ) ? '' : HiddenInput::read( 'SITE_BACKUPS_ENCRYPTION_KEY', __( 'Encryption key', 'site-backups' ) ),
			'keep_local_days' => null === $days || '' === $days ? null : (int) $days,
		);
		list( $summary ) = RestCall::send( 'POST', '/settings/offsite', $params );
		if ( 'table' === ( $assoc_args['format'] ?? 'table' ) ) {
			WP_CLI::success( __( 'Off-site copies are set up. Backups not copied yet go next.', 'site-backups' ) );
		}
		$this->show( (array) $summary, $assoc_args );
	}

	/**
	 * Turns off off-site copies set up here. The copies already in the bucket stay there.
	 *
	 * ## OPTIONS
	 *
	 * [--yes]
	 * : Do not ask for confirmation.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups offsite unset --yes --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function unset( array $args, array $assoc_args ): void {
		WP_CLI::confirm( __( 'Stop copying backups off-site? The copies in the bucket stay there.', 'site-backups' ), $assoc_args );
		RestCall::send( 'DELETE', '/settings/offsite' );
		WP_CLI::success( __( 'Backups are no longer copied off-site.', 'site-backups' ) );
	}

	/**
	 * Prints the summary.
	 *
	 * @param array<string, mixed> $summary    The REST answer.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	private function show( array $summary, array $assoc_args ): void {
		if ( 'table' === ( $assoc_args['format'] ?? 'table' ) ) {
			foreach ( $summary as $name => $value ) {
				if ( is_bool( $value ) || null === $value ) {
					$summary[ $name ] = null === $value ? '' : ( $value ? 'yes' : 'no' );
				}
			}
		}
		( new Formatter( $assoc_args, self::FIELDS ) )->display_item( $summary );
	}
}
