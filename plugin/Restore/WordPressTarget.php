<?php
/**
 * The site a restore writes into, as WordPress knows it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid -- the engine's TargetSite interface names the methods.

namespace SiteBackups\Restore;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\Exclusions;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Restore\TargetSite;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Jobs\JobRunner;

/**
 * What the engine's restore asks of one target environment: the paths WordPress needs left alone,
 * the multisite check, the safety backup as the plugin takes backups, what the restored database
 * keeps of the live site (TargetIdentity), WordPress's object cache after the switch, and
 * WordPress's maintenance mode while switching.
 */
final class WordPressTarget implements TargetSite {

	/**
	 * Sets up the target.
	 *
	 * @param BackupService $backups      The engine and environments.
	 * @param RestoreTarget $targets      How a target environment is restored into.
	 * @param Environment   $target       The environment restored into.
	 * @param int           $session_user The user whose login sessions the restored database keeps (0: none).
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly RestoreTarget $targets,
		private readonly Environment $target,
		private readonly int $session_user
	) {
	}

	/**
	 * The target's paths a restore leaves alone.
	 */
	public function protectedPaths(): ProtectedPaths {
		return $this->targets->protected_paths( $this->target );
	}

	/**
	 * Why the backup may not go into the target (a network into a single site, or the reverse).
	 *
	 * @param string $backup_id The backup, held in the local store.
	 */
	public function refusal( string $backup_id ): ?string {
		return ( new NetworkMatch( $this->backups ) )->refusal( $backup_id, $this->target );
	}

	/**
	 * Begins a backup of the target as the plugin takes them, marked "safety".
	 *
	 * @param string             $backup_id The backup about to be restored.
	 * @param SnapshotScope|null $scope     Only these paths and tables (what a restore of part of the site changes).
	 * @param RestoreOrigin|null $restoring The backup about to be restored and when it was made, kept in the safety backup's record.
	 */
	public function beginSafetyBackup( string $backup_id, ?SnapshotScope $scope = null, ?RestoreOrigin $restoring = null ): string {
		return $this->backups->engine()->beginBackup(
			$this->target,
			'safety',
			$this->safety_note( $backup_id, $restoring ),
			(string) get_bloginfo( 'version' ),
			SITE_BACKUPS_VERSION,
			Exclusions::saved(),
			$scope,
			$restoring
		);
	}

	/**
	 * "Taken before restoring the backup of December 4, 2026 9:22 pm", in the site's time zone
	 * and formats; with the id only when the backup was made is not known.
	 *
	 * @param string             $backup_id The backup about to be restored.
	 * @param RestoreOrigin|null $restoring It and when it was made.
	 */
	private function safety_note( string $backup_id, ?RestoreOrigin $restoring ): string {
		if ( null === $restoring ) {
			/* translators: %s: a backup id. */
			return sprintf( __( 'Taken before restoring %s', 'site-backups' ), $backup_id );
		}
		$made = wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $restoring->created );
		/* translators: %s: date and time the restored backup was made. */
		return sprintf( __( 'Taken before restoring the backup of %s', 'site-backups' ), (string) $made );
	}

	/**
	 * Keeps in the loaded tables what the live target must not lose.
	 *
	 * @param Connection $db               The target's database.
	 * @param string     $source_prefix     The backup's table prefix.
	 * @param bool       $other_environment Whether the backup is of the other environment.
	 */
	public function keepIdentity( Connection $db, string $source_prefix, bool $other_environment ): void {
		$this->targets->identity( $this->target, $db, $source_prefix )->apply( $other_environment, $this->session_user );
	}

	/**
	 * Drops what WordPress cached of the tables switched out.
	 */
	public function databaseSwitched(): void {
		$this->targets->after_database_swap( $this->target );
	}

	/**
	 * Puts the target in WordPress's maintenance mode, or renews it.
	 */
	public function holdVisitors(): void {
		$this->maintenance()->renew();
	}

	/**
	 * Takes the target out of maintenance mode, if the restore put it there.
	 */
	public function letVisitorsIn(): void {
		$this->maintenance()->end();
	}

	/**
	 * WordPress's maintenance mode on the target, which lets the job's own loopback through.
	 */
	private function maintenance(): MaintenanceMode {
		return new MaintenanceMode( $this->target->root, hash( 'sha256', (string) get_option( JobRunner::TOKEN_OPTION, '' ) ) );
	}
}
