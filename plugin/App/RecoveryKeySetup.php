<?php
/**
 * This site's recovery key, which signs its backups in the off-site bucket.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Offsite\OffsiteSettingsError;
use SiteBackups\Offsite\RecoveryKeys;
use SiteBackups\Support\Redactor;

/**
 * The key of the server that made the bucket's backups can be set on a new server; the key is
 * shown once only. A key the host set in wp-config.php is neither changed nor shown.
 */
final class RecoveryKeySetup {

	/**
	 * Sets up the key's handling.
	 *
	 * @param OffsiteService $offsite Off-site copies and their keys.
	 */
	public function __construct( private readonly OffsiteService $offsite ) {
	}

	/**
	 * Where the key comes from and whether an administrator has seen it; never the key.
	 *
	 * @return array{source: string, shown: bool}
	 * @throws OffsiteSettingsError When the saved key cannot be read.
	 */
	public function status(): array {
		return $this->keys()->status();
	}

	/**
	 * Sets the key; the backups here are signed with it at the next copy, which starts now.
	 *
	 * @param string $key The key, base64.
	 * @throws Refused When the host set the key, or this one is malformed or cannot be kept.
	 */
	public function set( #[\SensitiveParameter] string $key ): void {
		$this->refuse_when_set_by_host();
		try {
			$this->keys()->set( $key );
		} catch ( OffsiteSettingsError $error ) {
			throw new Refused( 'site_backups_recovery_key_invalid', Redactor::redact( $error->getMessage() ), Refused::INVALID );
		}
		$this->offsite->forget_list();
		if ( $this->offsite->enabled() ) {
			wp_schedule_single_event( time(), OffsiteCopier::RETRY_HOOK );
		}
	}

	/**
	 * The key, the first time only. OffsiteSettingsError (it cannot be read or written) is left
	 * to the caller.
	 *
	 * @throws Refused When the host set the key, or it was shown before.
	 */
	public function reveal(): string {
		$this->refuse_when_set_by_host();
		return $this->keys()->reveal() ?? throw new Refused(
			'site_backups_recovery_key_shown',
			__( 'The recovery key was shown once already and is not shown again. If it was lost, set a new one you keep (in the off-site settings, or with wp site-backups recovery-key set): the backups on this server are signed with it at the next copy.', 'site-backups' ),
			Refused::CONFLICT
		);
	}

	/**
	 * The key's places.
	 */
	private function keys(): RecoveryKeys {
		return $this->offsite->recovery_keys();
	}

	/**
	 * Refuses to change or show what wp-config.php holds.
	 *
	 * @throws Refused When the host set the key.
	 */
	private function refuse_when_set_by_host(): void {
		if ( $this->keys()->is_set_by_host() ) {
			throw new Refused( 'site_backups_recovery_key_set_by_host', RecoveryKeys::set_by_host_message(), Refused::CONFLICT );
		}
	}
}
