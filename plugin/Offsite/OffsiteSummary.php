<?php
/**
 * What the screen and the API may know of the off-site copies: never a secret.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Support\IsoTime;
use Throwable;

/**
 * Whether copies go off-site, where (bucket, endpoint and prefix, without credentials), whether
 * they are encrypted, and how the last copy went.
 */
final class OffsiteSummary {

	/**
	 * Sets up the summary.
	 *
	 * @param OffsiteService $offsite The off-site service.
	 */
	public function __construct( private readonly OffsiteService $offsite ) {
	}

	/**
	 * The summary for the API.
	 *
	 * @return array{configured: bool, set_by_host: bool, saved: array<string, mixed>|null, encrypted: bool, destination: string, healthy: bool|null, message: string, last_copy: string|null}
	 */
	public function data(): array {
		$status   = OffsiteStatus::get();
		$settings = $this->offsite->settings();
		$data     = array(
			'configured'  => $this->offsite->enabled(),
			'set_by_host' => $settings->is_set_by_host(),
			'saved'       => $settings->saved_summary(),
			'encrypted'   => false,
			'destination' => '',
			'healthy'     => $status['healthy'],
			'message'     => $status['message'],
			'last_copy'   => IsoTime::from( $status['last_copy'] ),
		);
		if ( ! $data['configured'] ) {
			return $data;
		}
		try {
			$data['encrypted']   = null !== $settings->sealer();
			$data['destination'] = $this->offsite->bucket()->describe();
		} catch ( Throwable $error ) {
			$data['healthy'] = false;
			$data['message'] = $error->getMessage();
		}
		return $data;
	}

	/**
	 * Its schema.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return array(
			'description' => __( 'Off-site copies: whether they are set up (by the host in wp-config.php, or by an administrator), where, and how the last copy went. Never holds credentials.', 'site-backups' ),
			'type'        => 'object',
			'context'     => array( 'view', 'edit' ),
			'readonly'    => true,
			'properties'  => array(
				'configured'  => array( 'type' => 'boolean' ),
				'set_by_host' => array(
					'description' => __( 'Whether the host set them in wp-config.php; then they cannot be changed here.', 'site-backups' ),
					'type'        => 'boolean',
				),
				'saved'       => array(
					'description' => __( 'The settings an administrator saved, without credentials; null when none are, or when the host\'s are in force.', 'site-backups' ),
					'type'        => array( 'object', 'null' ),
					'properties'  => array(
						'endpoint'        => array( 'type' => 'string' ),
						'region'          => array( 'type' => 'string' ),
						'bucket'          => array( 'type' => 'string' ),
						'prefix'          => array( 'type' => 'string' ),
						'access_key_hint' => array( 'type' => 'string' ),
						'keep_local_days' => array( 'type' => array( 'integer', 'null' ) ),
					),
				),
				'encrypted'   => array( 'type' => 'boolean' ),
				'destination' => array( 'type' => 'string' ),
				'healthy'     => array( 'type' => array( 'boolean', 'null' ) ),
				'message'     => array( 'type' => 'string' ),
				'last_copy'   => array(
					'type'   => array( 'string', 'null' ),
					'format' => 'date-time',
				),
			),
		);
	}
}
