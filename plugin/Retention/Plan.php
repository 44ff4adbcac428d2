<?php
/**
 * The hosting plan in force on this site: which one, and so how many days
 * backups are kept. The rule itself is the engine's PlanRetention.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Retention;

use SiteBackups\Engine\Retention\PlanRetention;

/**
 * Pro keeps backups 60 days; Standard keeps them 1 day. The host sets the
 * plan with the SITE_BACKUPS_PLAN constant (or the site_backups_plan
 * filter); with nothing set the plugin keeps the longer of the two, so a
 * missing setting never costs anyone a backup.
 */
final class Plan {

	public const PRO      = 'pro';
	public const STANDARD = 'standard';
	public const DEFAULT  = self::PRO;

	private const RETENTION_DAYS = array(
		self::PRO      => 60,
		self::STANDARD => 1,
	);

	/**
	 * A plan by name.
	 *
	 * @param string $name      Plan slug, pro or standard.
	 * @param bool   $from_host Whether the host chose it (rather than the default).
	 */
	private function __construct( private readonly string $name, private readonly bool $from_host ) {
	}

	/**
	 * The plan in force on this site.
	 */
	public static function current(): self {
		$configured = defined( 'SITE_BACKUPS_PLAN' ) ? (string) constant( 'SITE_BACKUPS_PLAN' ) : '';
		/**
		 * Filters the hosting plan that decides backup retention.
		 *
		 * @param string $plan 'pro', 'standard', or '' when the host set none.
		 */
		$filtered = apply_filters( 'site_backups_plan', $configured );
		$name     = is_string( $filtered ) ? strtolower( trim( $filtered ) ) : '';
		if ( isset( self::RETENTION_DAYS[ $name ] ) ) {
			return new self( $name, true );
		}
		return new self( self::DEFAULT, false );
	}

	/**
	 * The plan's slug.
	 */
	public function name(): string {
		return $this->name;
	}

	/**
	 * Whether the host set the plan (the settings then show it read-only).
	 */
	public function is_set_by_host(): bool {
		return $this->from_host;
	}

	/**
	 * How many days a backup is kept.
	 */
	public function retention_days(): int {
		return self::RETENTION_DAYS[ $this->name ];
	}

	/**
	 * The plan's rule: what the store and the bucket keep.
	 */
	public function retention(): PlanRetention {
		return new PlanRetention( $this->retention_days() );
	}

	/**
	 * When a backup made at $created (Unix time) expires.
	 *
	 * @param int $created Unix time the backup was made.
	 */
	public function expires_at( int $created ): int {
		return $this->retention()->expiresAt( $created );
	}

	/**
	 * The plan's name for people.
	 */
	public function label(): string {
		return self::PRO === $this->name ? __( 'Pro', 'site-backups' ) : __( 'Standard', 'site-backups' );
	}
}
