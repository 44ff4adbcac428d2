<?php
/**
 * Whether backups are copied off-site, and how the copies go.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

/**
 * Off, or on and healthy, failing or not tried yet; never where the bucket is or how to sign in.
 */
final class OffsiteState {

	public const OFF     = 'off';
	public const HEALTHY = 'healthy';
	public const FAILING = 'failing';
	public const UNTRIED = 'untried';

	/**
	 * Sets up the state.
	 *
	 * @param string   $state       off, healthy, failing or untried (on, no copy tried yet).
	 * @param bool     $set_by_host Whether the settings come from the host's wp-config.php (SITE_BACKUPS_OFFSITE or its filter).
	 * @param string   $message     Why the copies fail (failing only), without secrets.
	 * @param int|null $failed_at   When the copies began to fail: the first failure since the last success, when known (failing only).
	 * @param int|null $last_copy   When the last complete copy ended.
	 */
	public function __construct(
		public readonly string $state,
		public readonly bool $set_by_host = false,
		public readonly string $message = '',
		public readonly ?int $failed_at = null,
		public readonly ?int $last_copy = null
	) {
	}

	/**
	 * Whether copies are on and the last attempt failed.
	 */
	public function failing(): bool {
		return self::FAILING === $this->state;
	}

	/**
	 * The plain shape.
	 *
	 * @return array{state: string, set_by_host: bool, message: string, failed_at: int|null, last_copy: int|null}
	 */
	public function to_array(): array {
		return array(
			'state'       => $this->state,
			'set_by_host' => $this->set_by_host,
			'message'     => $this->message,
			'failed_at'   => $this->failed_at,
			'last_copy'   => $this->last_copy,
		);
	}
}
