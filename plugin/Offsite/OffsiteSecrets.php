<?php
/**
 * The off-site secrets in force, wherever they are kept: for Support\Redactor to mask.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Offsite\RecoveryKeyFile;
use Throwable;

/**
 * The bucket's secret and access key, the encryption key and the recovery key: as the host set
 * them (wp-config.php, the settings filter) and as an administrator saved them in the store.
 */
final class OffsiteSecrets {

	/** Off-site settings that are secret. */
	private const SETTINGS = array( 'secret', 'access_key', 'encryption_key' );

	/**
	 * Secrets read from the store's files, with the files' state they were read at.
	 *
	 * @var array{signature: string, values: list<string>}|null
	 */
	private ?array $saved = null;

	/**
	 * Sets up the store's place.
	 *
	 * @param StoreDirectory $store Where the saved settings and the recovery key file are.
	 */
	public function __construct( private readonly StoreDirectory $store ) {
	}

	/**
	 * Every off-site secret in force ('' where one is not set).
	 *
	 * @return list<string>
	 */
	public function values(): array {
		$values = array();
		$host   = defined( OffsiteSettings::CONSTANT ) ? constant( OffsiteSettings::CONSTANT ) : array();
		/** This filter is documented in plugin/Offsite/OffsiteSettings.php */
		$host = apply_filters( 'site_backups_offsite_settings', is_array( $host ) ? $host : array() );
		foreach ( self::SETTINGS as $key ) {
			$values[] = is_array( $host ) && is_string( $host[ $key ] ?? null ) ? $host[ $key ] : '';
		}
		$recovery = defined( RecoveryKeys::CONSTANT ) ? constant( RecoveryKeys::CONSTANT ) : '';
		$values[] = is_string( $recovery ) ? $recovery : '';
		return array_merge( $values, $this->saved() );
	}

	/**
	 * The secrets an administrator saved in the store (off-site settings, the recovery key), read
	 * again only when their files change.
	 *
	 * @return list<string>
	 */
	private function saved(): array {
		$dir       = $this->store->path();
		$signature = $dir;
		foreach ( array( SavedOffsiteSettings::FILE, RecoveryKeyFile::FILE ) as $file ) {
			$stat       = '' === $dir ? false : @stat( $dir . '/' . $file ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a missing file is the common case.
			$signature .= false === $stat ? '|-' : sprintf( '|%d:%d:%d', $stat['ino'], $stat['size'], $stat['mtime'] );
		}
		if ( null !== $this->saved && $signature === $this->saved['signature'] ) {
			return $this->saved['values'];
		}
		$values = array();
		if ( '' !== $dir ) {
			$saved = ( new SavedOffsiteSettings( $this->store ) )->load();
			foreach ( self::SETTINGS as $key ) {
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
		$this->saved = array(
			'signature' => $signature,
			'values'    => $values,
		);
		return $this->saved['values'];
	}
}
