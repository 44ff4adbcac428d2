<?php
/**
 * The one rule for what a message may carry off the server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Support;

use Closure;

/**
 * Masks the secrets a message may have picked up on its way (an engine error, a bucket's
 * answer): the database passwords, the bucket's secret and access key, the encryption key and
 * the recovery key; and, for anything that leaves the server (REST, email, the job's log kept
 * in the database), the store's folder too. REST answers, WP-CLI errors, failure emails, job
 * messages and the plugin's PHP log lines all go through it.
 */
final class Redactor {

	public const MASK       = '********';
	public const STORE_MASK = '[backup store]';

	/** A very short secret would blank out ordinary words; it is not worth hiding in a sentence. */
	private const MIN_LENGTH = 4;

	/**
	 * Gives the plugin's own secrets ('' where one is not set).
	 *
	 * @var (Closure(): list<string>)|null
	 */
	private static ?Closure $plugin_secrets = null;

	/**
	 * Gives the store's folder as configured ('' before it has one).
	 *
	 * @var (Closure(): string)|null
	 */
	private static ?Closure $store_folder = null;

	/**
	 * Says where the plugin's secrets and its store are (the composition root does, at boot); until
	 * then only the database passwords are masked. Support sits below the code that knows where
	 * those are kept, so it is told rather than naming the layers above it.
	 *
	 * @param Closure(): list<string> $plugin_secrets Gives the plugin's own secrets.
	 * @param Closure(): string       $store_folder   Gives the store's folder.
	 */
	public static function hide( Closure $plugin_secrets, Closure $store_folder ): void { // phpcs:ignore Squiz.Commenting.FunctionComment.IncorrectTypeHint -- the closures' signatures are documented for PHPStan.
		self::$plugin_secrets = $plugin_secrets;
		self::$store_folder   = $store_folder;
	}

	/**
	 * A message without secrets or the store's folder: for REST, email and the job's log.
	 *
	 * @param string $text A message written by the engine or a job.
	 */
	public static function redact( string $text ): string {
		if ( '' === $text ) {
			return $text;
		}
		return self::replace( $text, self::secrets() + self::store_paths() );
	}

	/**
	 * A line for the host's PHP log: without secrets, with paths (the host looks for them there).
	 *
	 * @param string $text A log line.
	 */
	public static function for_log( string $text ): string {
		return '' === $text ? $text : self::replace( $text, self::secrets() );
	}

	/**
	 * Replaces each key of $masks by its value, longest first so a path goes before any part of it.
	 *
	 * @param string                $text  The text.
	 * @param array<string, string> $masks What to replace => by what.
	 */
	private static function replace( string $text, array $masks ): string {
		uksort( $masks, static fn ( $a, $b ): int => strlen( (string) $b ) <=> strlen( (string) $a ) );
		return str_replace( array_map( 'strval', array_keys( $masks ) ), array_values( $masks ), $text );
	}

	/**
	 * Every secret in force, masked.
	 *
	 * @return array<string, string>
	 */
	private static function secrets(): array {
		$values  = array( defined( 'DB_PASSWORD' ) ? (string) DB_PASSWORD : '' );
		$staging = defined( 'SITE_BACKUPS_STAGING' ) ? constant( 'SITE_BACKUPS_STAGING' ) : null;
		if ( is_array( $staging ) && isset( $staging['db_password'] ) && is_string( $staging['db_password'] ) ) {
			$values[] = $staging['db_password'];
		}
		if ( null !== self::$plugin_secrets ) {
			$values = array_merge( $values, ( self::$plugin_secrets )() );
		}
		$masks = array();
		foreach ( $values as $value ) {
			if ( strlen( $value ) >= self::MIN_LENGTH ) {
				$masks[ $value ] = self::MASK;
			}
		}
		return $masks;
	}

	/**
	 * The store's folder as configured and as resolved, masked.
	 *
	 * @return array<string, string>
	 */
	private static function store_paths(): array {
		$store = null === self::$store_folder ? '' : ( self::$store_folder )();
		if ( '' === $store ) {
			return array();
		}
		$real = realpath( $store );
		return array(
			$store                               => self::STORE_MASK,
			( false === $real ? $store : $real ) => self::STORE_MASK,
		);
	}
}
