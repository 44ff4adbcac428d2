<?php
/**
 * Where off-site copies go, as the host sets it in wp-config.php.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Remote\S3\S3Config;
use Throwable;

/**
 * SITE_BACKUPS_OFFSITE = array( 'endpoint', 'region', 'bucket', 'prefix', 'access_key', 'secret',
 * 'encryption_key' ) in wp-config.php, or the site_backups_offsite_settings filter: the secret and
 * the key stay there; nothing here returns them.
 */
final class OffsiteSettings {

	public const CONSTANT = 'SITE_BACKUPS_OFFSITE';

	/**
	 * Whether the host asked for off-site copies.
	 */
	public function is_configured(): bool {
		return array() !== $this->raw();
	}

	/**
	 * The S3 settings; throws with a message for the administrator when they are incomplete.
	 *
	 * @throws OffsiteSettingsError When a setting is missing or wrong.
	 */
	public function s3(): S3Config {
		$raw = $this->raw();
		foreach ( array( 'endpoint', 'bucket', 'access_key', 'secret' ) as $name ) {
			if ( '' === (string) ( $raw[ $name ] ?? '' ) ) {
				/* translators: 1: a setting name, 2: the wp-config.php constant. */
				throw new OffsiteSettingsError( sprintf( __( 'Off-site copies need "%1$s" in %2$s.', 'site-backups' ), $name, self::CONSTANT ) );
			}
		}
		try {
			return new S3Config( (string) $raw['endpoint'], (string) ( $raw['region'] ?? 'us-east-1' ), (string) $raw['bucket'], (string) $raw['access_key'], (string) $raw['secret'] );
		} catch ( Throwable $error ) {
			/* translators: 1: the wp-config.php constant, 2: what is wrong. */
			throw new OffsiteSettingsError( sprintf( __( 'The off-site settings in %1$s are not valid: %2$s', 'site-backups' ), self::CONSTANT, $error->getMessage() ), 0, $error );
		}
	}

	/**
	 * The key prefix in the bucket: the setting, or this site's host so several sites can share a bucket.
	 */
	public function prefix(): string {
		$prefix = (string) ( $this->raw()['prefix'] ?? '' );
		if ( '' === $prefix ) {
			$prefix = (string) wp_parse_url( home_url(), PHP_URL_HOST ) . ( wp_parse_url( home_url(), PHP_URL_PORT ) ? '-' . wp_parse_url( home_url(), PHP_URL_PORT ) : '' );
		}
		return trim( $prefix, '/' );
	}

	/**
	 * The encryption, when a key is set.
	 *
	 * @throws OffsiteSettingsError When the key is malformed.
	 */
	public function sealer(): ?Sealer {
		$key = (string) ( $this->raw()['encryption_key'] ?? '' );
		if ( '' === $key ) {
			return null;
		}
		try {
			return Sealer::fromEncodedKey( $key );
		} catch ( Throwable $error ) {
			throw new OffsiteSettingsError( $error->getMessage(), 0, $error );
		}
	}

	/**
	 * Days local copies are kept when the host limits them (the bucket keeps the plan's retention); null: the plan's.
	 */
	public function local_days(): ?int {
		$days = $this->raw()['keep_local_days'] ?? null;
		return is_numeric( $days ) && (int) $days > 0 ? (int) $days : null;
	}

	/**
	 * The constant's value.
	 *
	 * @return array<string, mixed>
	 */
	private function raw(): array {
		$settings = defined( self::CONSTANT ) && is_array( constant( self::CONSTANT ) ) ? (array) constant( self::CONSTANT ) : array();
		/**
		 * Filters the off-site settings (by default the SITE_BACKUPS_OFFSITE constant); an empty array turns copies off.
		 *
		 * @param array<string, mixed> $settings endpoint, region, bucket, prefix, access_key, secret, encryption_key, keep_local_days.
		 */
		$settings = apply_filters( 'site_backups_offsite_settings', $settings );
		return is_array( $settings ) ? $settings : array();
	}
}
