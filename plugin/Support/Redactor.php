<?php
/**
 * The one rule for what a message may carry off the server.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Support;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Offsite\RecoveryKeyFile;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\RecoveryKeys;
use SiteBackups\Offsite\SavedOffsiteSettings;
use Throwable;

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

	/** Off-site settings that are secret. */
	private const OFFSITE_SECRETS = array( 'secret', 'access_key', 'encryption_key' );

	/**
	 * Secrets read from the store's files, with the files' state they were read at.
	 *
	 * @var array{signature: string, values: list<string>}|null
	 */
	private static ?array $saved = null;

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
		$host = defined( OffsiteSettings::CONSTANT ) ? constant( OffsiteSettings::CONSTANT ) : array();
		/** This filter is documented in plugin/Offsite/OffsiteSettings.php */
		$host = apply_filters( 'site_backups_offsite_settings', is_array( $host ) ? $host : array() );
		foreach ( self::OFFSITE_SECRETS as $key ) {
			$values[] = is_array( $host ) && is_string( $host[ $key ] ?? null ) ? $host[ $key ] : '';
		}
		$recovery = defined( RecoveryKeys::CONSTANT ) ? constant( RecoveryKeys::CONSTANT ) : '';
		$values[] = is_string( $recovery ) ? $recovery : '';
		$masks    = array();
		foreach ( array_merge( $values, self::saved_secrets() ) as $value ) {
			if ( strlen( $value ) >= self::MIN_LENGTH ) {
				$masks[ $value ] = self::MASK;
			}
		}
		return $masks;
	}

	/**
	 * The secrets an administrator saved in the store (off-site settings, the recovery key), read
	 * again only when their files change.
	 *
	 * @return list<string>
	 */
	private static function saved_secrets(): array {
		$store     = new StoreDirectory();
		$dir       = $store->path();
		$signature = $dir;
		foreach ( array( SavedOffsiteSettings::FILE, RecoveryKeyFile::FILE ) as $file ) {
			$stat       = '' === $dir ? false : @stat( $dir . '/' . $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a missing file is the common case.
			$signature .= false === $stat ? '|-' : sprintf( '|%d:%d:%d', $stat['ino'], $stat['size'], $stat['mtime'] );
		}
		if ( null !== self::$saved && $signature === self::$saved['signature'] ) {
			return self::$saved['values'];
		}
		$values = array();
		if ( '' !== $dir ) {
			$saved = ( new SavedOffsiteSettings( $store ) )->load();
			foreach ( self::OFFSITE_SECRETS as $key ) {
				$values[] = is_string( $saved[ $key ] ?? null ) ? $saved[ $key ] : '';
			}
			try {
				$found    = ( new RecoveryKeyFile( $dir ) )->read();
				$values[] = null === $found ? '' : $found['key']->encoded();
			} catch ( Throwable ) {
				// A damaged key file is reported where the key is used; there is nothing here to mask.
				$values[] = '';
			}
		}
		self::$saved = array(
			'signature' => $signature,
			'values'    => $values,
		);
		return self::$saved['values'];
	}

	/**
	 * The store's folder as configured and as resolved, masked.
	 *
	 * @return array<string, string>
	 */
	private static function store_paths(): array {
		$store = ( new StoreDirectory() )->path();
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
