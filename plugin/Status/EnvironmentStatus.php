<?php
/**
 * Where one environment stands: its backups, its schedule, its copies.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Status;

/**
 * What SiteStatus reports of production or staging, as values; to_array() gives the plain shape.
 */
final class EnvironmentStatus {

	/**
	 * Sets up the status.
	 *
	 * @param string             $name                  production or staging.
	 * @param bool               $available             Whether it can be backed up here (staging needs SITE_BACKUPS_STAGING).
	 * @param bool               $automatic             Whether it is backed up automatically every day from this site.
	 * @param BackupOutcome|null $last_backup           The newest backup, made or failed, of any trigger.
	 * @param BackupOutcome|null $last_automatic        The newest automatic backup, made or failed (production only).
	 * @param int|null           $next_automatic        When the next automatic backup is due (null: none is scheduled).
	 * @param int                $recovery_points       Backups of it kept on this server.
	 * @param int|null           $oldest_recovery_point When the oldest of them began.
	 * @param int|null           $last_manual_age       Seconds since the newest backup made by hand began.
	 * @param OffsiteState       $offsite               The off-site copies (one bucket for both environments).
	 */
	public function __construct(
		public readonly string $name,
		public readonly bool $available,
		public readonly bool $automatic,
		public readonly ?BackupOutcome $last_backup,
		public readonly ?BackupOutcome $last_automatic,
		public readonly ?int $next_automatic,
		public readonly int $recovery_points,
		public readonly ?int $oldest_recovery_point,
		public readonly ?int $last_manual_age,
		public readonly OffsiteState $offsite
	) {
	}

	/**
	 * Whether automatic backups run here and the last one failed: no automatic one has succeeded since.
	 */
	public function automatic_failing(): bool {
		return $this->automatic && null !== $this->last_automatic && $this->last_automatic->failed();
	}

	/**
	 * The plain shape (see SiteStatus::report()).
	 *
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return array(
			'environment'           => $this->name,
			'available'             => $this->available,
			'automatic'             => $this->automatic,
			'last_backup'           => $this->last_backup?->to_array(),
			'last_automatic'        => $this->last_automatic?->to_array(),
			'automatic_failing'     => $this->automatic_failing(),
			'next_automatic'        => $this->next_automatic,
			'recovery_points'       => $this->recovery_points,
			'oldest_recovery_point' => $this->oldest_recovery_point,
			'last_manual_age'       => $this->last_manual_age,
			'offsite'               => $this->offsite->to_array(),
		);
	}
}
