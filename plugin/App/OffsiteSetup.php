<?php
/**
 * The off-site settings an administrator sets: tried on the bucket before they are saved.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\OffsiteStatus;
use SiteBackups\Offsite\OffsiteSummary;
use SiteBackups\Offsite\SavedOffsiteSettings;
use SiteBackups\Support\Redactor;
use Throwable;

/**
 * Settings are saved once the bucket answers with them (and its copies, if any, were made with
 * the same key); turning copies off leaves the bucket as it is. The host's settings in
 * wp-config.php win: then neither is allowed. The summary never holds a secret.
 */
final class OffsiteSetup {

	/** The credentials, kept as saved when given empty. */
	private const SECRETS = array( 'access_key', 'secret', 'encryption_key' );

	/**
	 * Sets up the settings.
	 *
	 * @param OffsiteService       $offsite The settings in force.
	 * @param SavedOffsiteSettings $saved   Where the administrator's settings are kept.
	 */
	public function __construct(
		private readonly OffsiteService $offsite,
		private readonly SavedOffsiteSettings $saved
	) {
	}

	/**
	 * Whether copies go off-site, where, and how the last copy went.
	 *
	 * @return array<string, mixed>
	 */
	public function summary(): array {
		return ( new OffsiteSummary( $this->offsite ) )->data();
	}

	/**
	 * Tries the settings on the bucket, then saves them; backups made before go off-site now.
	 *
	 * @param array{endpoint: string, region: string, bucket: string, prefix: string, keep_local_days: int|null, access_key: string, secret: string, encryption_key: string} $given As sent.
	 * @throws Refused When the host set them, or the bucket refuses them.
	 */
	public function save( #[\SensitiveParameter] array $given ): void {
		$this->refuse_when_set_by_host();
		$earlier  = $this->saved->load();
		$settings = array(
			'endpoint'        => untrailingslashit( $given['endpoint'] ),
			'region'          => $given['region'],
			'bucket'          => $given['bucket'],
			'prefix'          => trim( $given['prefix'], '/' ),
			'keep_local_days' => $given['keep_local_days'],
		);
		foreach ( self::SECRETS as $name ) {
			$sent              = trim( $given[ $name ] );
			$settings[ $name ] = '' !== $sent ? $sent : (string) ( $earlier[ $name ] ?? '' );
		}
		try {
			( new OffsiteService( OffsiteSettings::given( $settings ) ) )->prepare_bucket();
		} catch ( Throwable $error ) {
			// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log knows why copies did not start.
			error_log( Redactor::for_log( 'Site Backups: off-site settings refused: ' . $error->getMessage() ) );
			throw new Refused(
				'site_backups_offsite_invalid',
				/* translators: %s: what went wrong, such as the bucket's answer. */
				sprintf( __( 'The settings were not saved: %s', 'site-backups' ), Redactor::redact( $error->getMessage() ) ),
				Refused::INVALID
			);
		}
		$this->saved->save( $settings );
		$this->started_over();
		// Backups made before go off-site now, not after tomorrow's backup.
		wp_schedule_single_event( time(), OffsiteCopier::RETRY_HOOK );
	}

	/**
	 * Turns the administrator's off-site copies off; the bucket keeps what it holds.
	 *
	 * @throws Refused When the host set them.
	 */
	public function turn_off(): void {
		$this->refuse_when_set_by_host();
		$this->saved->delete();
		$this->started_over();
	}

	/**
	 * New settings: the last copy's status, the retries and the cached list were about the old ones.
	 */
	private function started_over(): void {
		OffsiteStatus::reset();
		$this->offsite->forget_list();
		wp_clear_scheduled_hook( OffsiteCopier::RETRY_HOOK );
		delete_option( OffsiteCopier::RETRY_HOOK . '_attempts' );
	}

	/**
	 * Refuses to change what wp-config.php holds.
	 *
	 * @throws Refused When the host set the settings.
	 */
	private function refuse_when_set_by_host(): void {
		if ( $this->offsite->settings()->is_set_by_host() ) {
			throw new Refused(
				'site_backups_offsite_set_by_host',
				/* translators: %s: the wp-config.php constant. */
				sprintf( __( 'Off-site copies are set up by the host (%s in wp-config.php), so they cannot be changed here.', 'site-backups' ), OffsiteSettings::CONSTANT ),
				Refused::CONFLICT
			);
		}
	}
}
