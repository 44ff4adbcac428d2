<?php
/**
 * What every Site Backups REST controller shares: the namespace, the
 * capability check and the rules for what may leave the server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Backups\StoreDirectory;
use SiteBackups\Plugin;
use Throwable;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;

/**
 * Every route needs the capability to manage the site's options (the
 * network's on multisite): backups hold the whole site, passwords included.
 */
abstract class Controller extends WP_REST_Controller {

	/**
	 * Sets the namespace and the resource's base.
	 *
	 * @param Plugin $plugin    The composition root (engine, job runner).
	 * @param string $rest_base The resource's route, e.g. "backups".
	 */
	public function __construct( protected readonly Plugin $plugin, string $rest_base ) {
		$this->namespace = Plugin::REST_NAMESPACE;
		$this->rest_base = $rest_base;
	}

	/**
	 * The capability every route (and every WP-CLI command) requires.
	 */
	public static function capability(): string {
		return is_multisite() ? 'manage_network_options' : 'manage_options';
	}

	/**
	 * Whether the current user may manage backups.
	 *
	 * @return true|WP_Error
	 */
	public function check_permission() {
		if ( current_user_can( self::capability() ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Sorry, you are not allowed to manage backups.', 'site-backups' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * Same rule for reading a collection.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function get_items_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for reading one item.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function get_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for creating.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function create_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for updating.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function update_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * Same rule for deleting.
	 *
	 * @param WP_REST_Request $request Full details about the request.
	 * @return true|WP_Error
	 */
	public function delete_item_permissions_check( $request ) {
		return $this->check_permission();
	}

	/**
	 * A Unix time as an ISO 8601 UTC string, e.g. "2026-11-26T03:12:00+00:00".
	 *
	 * @param int|float|null $time Unix time; null or 0 gives null.
	 */
	public static function iso( int|float|null $time ): ?string {
		if ( null === $time || $time <= 0 ) {
			return null;
		}
		return gmdate( 'c', (int) floor( (float) $time ) );
	}

	/**
	 * Removes from a message what must never reach a browser: the store's
	 * folder and the database passwords (engine errors may carry either).
	 *
	 * @param string $text A message written by the engine or a job.
	 */
	public static function redact( string $text ): string {
		$secrets = array();
		$store   = ( new StoreDirectory() )->path();
		if ( '' !== $store ) {
			$real                                        = realpath( $store );
			$secrets[ $store ]                           = '[backup store]';
			$secrets[ false === $real ? $store : $real ] = '[backup store]';
		}
		$passwords = array( defined( 'DB_PASSWORD' ) ? (string) DB_PASSWORD : '' );
		$staging   = defined( 'SITE_BACKUPS_STAGING' ) ? constant( 'SITE_BACKUPS_STAGING' ) : null;
		if ( is_array( $staging ) && isset( $staging['db_password'] ) && is_string( $staging['db_password'] ) ) {
			$passwords[] = $staging['db_password'];
		}
		foreach ( $passwords as $password ) {
			// A very short password would blank out ordinary words; it is not worth hiding in a sentence.
			if ( strlen( $password ) >= 4 ) {
				$secrets[ $password ] = '********';
			}
		}
		// Longest first, so a path is replaced before any part of it.
		uksort( $secrets, static fn ( $a, $b ): int => strlen( (string) $b ) <=> strlen( (string) $a ) );
		return str_replace( array_map( 'strval', array_keys( $secrets ) ), array_values( $secrets ), $text );
	}

	/**
	 * An error for a failure of the store or the engine, without its paths.
	 *
	 * @param Throwable $error What went wrong.
	 */
	protected function store_error( Throwable $error ): WP_Error {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log keeps the full story.
		error_log( 'Site Backups: ' . $error->getMessage() );
		return new WP_Error(
			'site_backups_store_error',
			/* translators: %s: the technical reason, without file paths. */
			sprintf( __( 'The backup store could not be read or written: %s', 'site-backups' ), self::redact( $error->getMessage() ) ),
			array( 'status' => 500 )
		);
	}
}
