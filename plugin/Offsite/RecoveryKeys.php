<?php
/**
 * This site's recovery key: as the host set it in wp-config.php, or else kept in the store.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Offsite;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Offsite\RecoveryKey;
use SiteBackups\Engine\Offsite\RecoveryKeyFile;
use SiteBackups\Support\SecretConstants;
use Throwable;

/**
 * The key that signs the site's records in the bucket. SITE_BACKUPS_RECOVERY_KEY (base64) in
 * wp-config.php wins; otherwise it lives in the store's guarded owner-only file, made when first
 * needed, never in wp_options (every database backup, export and staging copy would carry it).
 * It leaves the server once: revealed to an administrator, who keeps it for a new server.
 */
final class RecoveryKeys {

	public const CONSTANT = SecretConstants::RECOVERY_KEY;

	/**
	 * Sets up the key's places.
	 *
	 * @param StoreDirectory $store Where the store is.
	 */
	public function __construct( private readonly StoreDirectory $store ) {
	}

	/**
	 * Whether the host set the key in wp-config.php (then it cannot be changed or revealed here).
	 */
	public function is_set_by_host(): bool {
		return defined( self::CONSTANT ) && is_string( constant( self::CONSTANT ) ) && '' !== constant( self::CONSTANT );
	}

	/**
	 * The key in force; null when none was made or set yet (then no record verifies).
	 *
	 * @throws OffsiteSettingsError When the host's key is malformed or the saved one cannot be read.
	 */
	public function current(): ?RecoveryKey {
		if ( $this->is_set_by_host() ) {
			return $this->host_key();
		}
		return $this->guarded( fn () => $this->file()->read()['key'] ?? null );
	}

	/**
	 * The key to sign with: made now when there is none.
	 *
	 * @throws OffsiteSettingsError When the key cannot be read or made.
	 */
	public function for_signing(): RecoveryKey {
		if ( $this->is_set_by_host() ) {
			return $this->host_key();
		}
		return $this->guarded( fn () => $this->file()->ensure() );
	}

	/**
	 * Puts an administrator's key in place of this server's (a new server, after a disaster).
	 *
	 * @param string $encoded The key, base64.
	 * @throws OffsiteSettingsError When it is malformed, or the host set one.
	 */
	public function set( #[\SensitiveParameter] string $encoded ): void {
		if ( $this->is_set_by_host() ) {
			throw new OffsiteSettingsError( self::set_by_host_message() );
		}
		try {
			$key = RecoveryKey::fromEncoded( $encoded );
		} catch ( Throwable $error ) {
			throw new OffsiteSettingsError( __( 'The recovery key must be 32 random bytes, base64-encoded, as it was shown when it was saved.', 'site-backups' ), 0, $error );
		}
		$this->guarded( fn () => $this->file()->replace( $key ) );
	}

	/**
	 * The saved key, base64, the first time it is asked for (made now if need be); null ever after.
	 *
	 * @throws OffsiteSettingsError When it cannot be read or written.
	 */
	public function reveal(): ?string {
		if ( $this->is_set_by_host() ) {
			throw new OffsiteSettingsError( self::set_by_host_message() );
		}
		return $this->guarded( fn () => $this->file()->revealOnce()?->encoded() );
	}

	/**
	 * Where the key comes from and whether an administrator has seen it; never the key.
	 *
	 * @return array{source: string, shown: bool}
	 * @throws OffsiteSettingsError When the saved key cannot be read.
	 */
	public function status(): array {
		if ( $this->is_set_by_host() ) {
			return array(
				'source' => 'wp-config',
				'shown'  => true,
			);
		}
		$found = $this->guarded( fn () => $this->file()->read() );
		return array(
			'source' => null === $found ? 'none' : 'saved',
			'shown'  => null !== $found && $found['shown'],
		);
	}

	/**
	 * Why the key cannot be changed or shown here.
	 */
	public static function set_by_host_message(): string {
		/* translators: %s: the wp-config.php constant. */
		return sprintf( __( 'The recovery key is set by the host (%s in wp-config.php), so it cannot be changed or shown here.', 'site-backups' ), self::CONSTANT );
	}

	/**
	 * The host's key.
	 *
	 * @throws OffsiteSettingsError When it is malformed.
	 */
	private function host_key(): RecoveryKey {
		try {
			return RecoveryKey::fromEncoded( (string) constant( self::CONSTANT ) );
		} catch ( Throwable $error ) {
			/* translators: %s: the wp-config.php constant. */
			throw new OffsiteSettingsError( sprintf( __( 'The recovery key in %s must be 32 random bytes, base64-encoded (openssl rand -base64 32).', 'site-backups' ), self::CONSTANT ), 0, $error );
		}
	}

	/**
	 * Runs $work, turning the engine's failures into an error for the administrator.
	 *
	 * @template T
	 * @param callable(): T $work What to do.
	 * @return T
	 * @throws OffsiteSettingsError When it fails.
	 */
	private function guarded( callable $work ): mixed {
		try {
			return $work();
		} catch ( OffsiteSettingsError $error ) {
			throw $error;
		} catch ( Throwable $error ) {
			throw new OffsiteSettingsError( $error->getMessage(), 0, $error );
		}
	}

	/**
	 * The file in the store.
	 */
	private function file(): RecoveryKeyFile {
		return new RecoveryKeyFile( $this->store->path() );
	}
}
