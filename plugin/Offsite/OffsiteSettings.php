<?php
/**
 * Where off-site copies go: as the host sets it in wp-config.php, or else as an administrator saved it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Offsite;

use SiteBackups\Engine\Offsite\Sealer;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Support\SecretConstants;
use Throwable;

/**
 * SITE_BACKUPS_OFFSITE = array( 'endpoint', 'region', 'bucket', 'prefix', 'access_key', 'secret',
 * 'encryption_key', 'keep_local_days' ) in wp-config.php, or the site_backups_offsite_settings
 * filter: the host's settings win over the administrator's. The secret and the key stay where they
 * were set; nothing here returns them.
 */
final class OffsiteSettings {

	public const CONSTANT = SecretConstants::OFFSITE;

	/**
	 * Sets up the settings; they are read afresh each time (a save or a filter may change them).
	 *
	 * @param SavedOffsiteSettings|null $saved What an administrator saved (null: host settings only).
	 * @param array<string, mixed>|null $given Settings to try out instead of any others.
	 */
	public function __construct( private readonly ?SavedOffsiteSettings $saved = null, private readonly ?array $given = null ) {
	}

	/**
	 * Settings to try out before they are saved.
	 *
	 * @param array<string, mixed> $settings As SITE_BACKUPS_OFFSITE takes them.
	 */
	public static function given( array $settings ): self {
		return new self( null, $settings );
	}

	/**
	 * Whether copies go off-site.
	 */
	public function is_configured(): bool {
		return array() !== $this->raw();
	}

	/**
	 * Whether the host set them (then an administrator cannot change them).
	 */
	public function is_set_by_host(): bool {
		return array() !== self::host();
	}

	/**
	 * What an administrator saved, without secrets (null when the host's settings are in force or none were saved).
	 *
	 * @return array{endpoint: string, region: string, bucket: string, prefix: string, access_key_hint: string, keep_local_days: int|null}|null
	 */
	public function saved_summary(): ?array {
		if ( null === $this->saved || $this->is_set_by_host() ) {
			return null;
		}
		$saved = $this->saved->load();
		if ( array() === $saved ) {
			return null;
		}
		$access_key = (string) ( $saved['access_key'] ?? '' );
		return array(
			'endpoint'        => (string) ( $saved['endpoint'] ?? '' ),
			'region'          => (string) ( $saved['region'] ?? '' ),
			'bucket'          => (string) ( $saved['bucket'] ?? '' ),
			'prefix'          => (string) ( $saved['prefix'] ?? '' ),
			'access_key_hint' => strlen( $access_key ) > 8 ? '…' . substr( $access_key, -4 ) : '',
			'keep_local_days' => self::days( $saved['keep_local_days'] ?? null ),
		);
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
				throw new OffsiteSettingsError(
					$this->from_host()
						/* translators: 1: a setting name, 2: the wp-config.php constant. */
						? sprintf( __( 'Off-site copies need "%1$s" in %2$s.', 'site-backups' ), $name, self::CONSTANT )
						/* translators: %s: a setting name. */
						: sprintf( __( 'Off-site copies need the setting "%s".', 'site-backups' ), $name )
				);
			}
		}
		try {
			return new S3Config( (string) $raw['endpoint'], (string) ( $raw['region'] ?? 'us-east-1' ), (string) $raw['bucket'], (string) $raw['access_key'], (string) $raw['secret'] );
		} catch ( Throwable $error ) {
			throw new OffsiteSettingsError(
				$this->from_host()
					/* translators: 1: the wp-config.php constant, 2: what is wrong. */
					? sprintf( __( 'The off-site settings in %1$s are not valid: %2$s', 'site-backups' ), self::CONSTANT, $error->getMessage() )
					/* translators: %s: what is wrong. */
					: sprintf( __( 'The off-site settings are not valid: %s', 'site-backups' ), $error->getMessage() ),
				0,
				$error
			);
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
		return self::days( $this->raw()['keep_local_days'] ?? null );
	}

	/**
	 * A number of days, or null.
	 *
	 * @param mixed $days A setting.
	 */
	private static function days( mixed $days ): ?int {
		return is_numeric( $days ) && (int) $days > 0 ? (int) $days : null;
	}

	/**
	 * Whether the settings in force are the host's, for messages.
	 */
	private function from_host(): bool {
		return null === $this->given && ( null === $this->saved || $this->is_set_by_host() );
	}

	/**
	 * The settings in force: the host's, else the administrator's.
	 *
	 * @return array<string, mixed>
	 */
	private function raw(): array {
		if ( null !== $this->given ) {
			return $this->given;
		}
		$host = self::host();
		return array() !== $host || null === $this->saved ? $host : $this->saved->load();
	}

	/**
	 * The host's settings: the constant's value, through the filter.
	 *
	 * @return array<string, mixed>
	 */
	private static function host(): array {
		$settings = defined( self::CONSTANT ) && is_array( constant( self::CONSTANT ) ) ? (array) constant( self::CONSTANT ) : array();
		/**
		 * Filters the host's off-site settings (by default the SITE_BACKUPS_OFFSITE constant). Settings
		 * returned here win over what an administrator saved; an empty array leaves it to the administrator.
		 *
		 * @param array<string, mixed> $settings endpoint, region, bucket, prefix, access_key, secret, encryption_key, keep_local_days.
		 */
		$settings = apply_filters( 'site_backups_offsite_settings', $settings );
		return is_array( $settings ) ? $settings : array();
	}
}
