<?php
/**
 * Whether the last off-site copy worked, for the screen, the API and Site Health.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

/**
 * One small option: healthy or not, the last error, when the last copy was complete.
 */
final class OffsiteStatus {

	public const OPTION = 'site_backups_offsite_status';

	/**
	 * Records a complete copy.
	 */
	public static function succeeded(): void {
		update_option(
			self::OPTION,
			array(
				'healthy'   => true,
				'message'   => '',
				'last_copy' => time(),
			),
			false
		);
	}

	/**
	 * Records a failed copy.
	 *
	 * @param string $message For the administrator.
	 */
	public static function failed( string $message ): void {
		$status = self::get();
		update_option(
			self::OPTION,
			array(
				'healthy'   => false,
				'message'   => $message,
				'last_copy' => $status['last_copy'],
			),
			false
		);
	}

	/**
	 * Forgets the status (the settings changed: nothing was tried with them yet).
	 */
	public static function reset(): void {
		delete_option( self::OPTION );
	}

	/**
	 * The status; healthy null before any copy was tried.
	 *
	 * @return array{healthy: bool|null, message: string, last_copy: int|null}
	 */
	public static function get(): array {
		$raw = get_option( self::OPTION );
		$raw = is_array( $raw ) ? $raw : array();
		return array(
			'healthy'   => isset( $raw['healthy'] ) ? (bool) $raw['healthy'] : null,
			'message'   => (string) ( $raw['message'] ?? '' ),
			'last_copy' => isset( $raw['last_copy'] ) ? (int) $raw['last_copy'] : null,
		);
	}
}
