<?php
/**
 * Off-site settings an administrator saved on the screen.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;

/**
 * Kept in a guarded file of the store (owner-only, never served), not in wp_options: every
 * database backup, export and staging copy would carry the secret from there. The store is
 * never part of a backup, and a restore never touches it.
 */
final class SavedOffsiteSettings {

	public const FILE = 'offsite-settings.php';

	/**
	 * Sets up the file's place.
	 *
	 * @param StoreDirectory $store Where the store is.
	 */
	public function __construct( private readonly StoreDirectory $store ) {
	}

	/**
	 * The saved settings; empty when none were saved.
	 *
	 * @return array<string, mixed>
	 */
	public function load(): array {
		try {
			$json = GuardedFile::read( $this->path() );
		} catch ( StoreException $error ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log says why copies stopped.
			error_log( 'Site Backups: the saved off-site settings cannot be read: ' . $error->getMessage() );
			return array();
		}
		$settings = null === $json ? null : json_decode( $json, true );
		return is_array( $settings ) ? $settings : array();
	}

	/**
	 * Saves $settings in place of the earlier ones.
	 *
	 * @param array<string, mixed> $settings Endpoint, region, bucket, prefix, access_key, secret, encryption_key, keep_local_days.
	 * @throws StoreException When the store cannot be written.
	 */
	public function save( array $settings ): void {
		Durable::makeDir( $this->store->path() );
		GuardedFile::write( $this->path(), (string) wp_json_encode( $settings ), 0600 );
	}

	/**
	 * Forgets them.
	 */
	public function delete(): void {
		$path = $this->path();
		if ( is_file( $path ) ) {
			wp_delete_file( $path );
		}
	}

	/**
	 * The file.
	 */
	private function path(): string {
		return $this->store->path() . '/' . self::FILE;
	}
}
