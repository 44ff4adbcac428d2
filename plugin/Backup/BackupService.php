<?php
/**
 * The plugin's way into the engine: one store, this site's environments.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Backup;

use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Retention\BackupInUse;
use SiteBackups\Engine\Retention\Deletion;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Retention\BackupsInUse;
use SiteBackups\Retention\Plan;
use SiteBackups\Retention\RemovalBusy;
use SiteBackups\Retention\RemovalLock;

/**
 * Opens the engine lazily (the first call in a request creates the store if
 * needed), applies the plan's retention and deletes backups, their logs with
 * them.
 */
final class BackupService {

	/**
	 * The engine, once opened in this request.
	 *
	 * @var Repository|null
	 */
	private ?Repository $engine = null;

	/**
	 * Sets up the service; nothing is opened yet.
	 *
	 * @param EnvironmentRegistry $environments Production and staging.
	 * @param StoreDirectory      $directory    Where the store lives.
	 */
	public function __construct(
		private readonly EnvironmentRegistry $environments,
		private readonly StoreDirectory $directory
	) {
	}

	/**
	 * The engine's facade over this site's store.
	 */
	public function engine(): Repository {
		if ( null === $this->engine ) {
			$this->engine = Repository::open( $this->directory->path(), $this->environments->all() );
		}
		return $this->engine;
	}

	/**
	 * Free space on the store's disk in bytes; null where the host does not tell.
	 */
	public function store_free_bytes(): ?int {
		if ( ! function_exists( 'disk_free_space' ) ) {
			return null;
		}
		$free = @disk_free_space( $this->directory->path() ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- open_basedir or a missing folder: unknown, not an error.
		return false === $free ? null : (int) $free;
	}

	/**
	 * The environments registry.
	 */
	public function environments(): EnvironmentRegistry {
		return $this->environments;
	}

	/**
	 * Deletes the backups the plan no longer keeps, with their logs and what
	 * only they used. The plan keeps the newest production backup however old:
	 * a week of failing backups must not leave the site without one. The backup
	 * a running restore or fetch reads is kept too, and under the RemovalLock no
	 * such job starts between that look and the deletion.
	 *
	 * @param Plan     $plan The plan in force.
	 * @param int|null $now  Unix time (for tests).
	 * @return list<string> The ids deleted.
	 * @throws RemovalBusy When another removal or a job start held the lock all the while.
	 */
	public function prune( Plan $plan, ?int $now = null ): array {
		$deletion  = $this->deletion();
		$forgotten = ( new RemovalLock() )->holding(
			fn (): array => $deletion->forgetExpired( $plan->retention()->rules( $now ?? time(), ( new BackupsInUse() )->ids() ) ),
			RemovalLock::REMOVAL_SECONDS
		);
		// Outside the lock: the sweep may take minutes, and a job start only needs the records settled.
		if ( $forgotten ) {
			$deletion->sweep();
		}
		return $forgotten;
	}

	/**
	 * Deletes one backup's record and log; sweep() then deletes what only it used. Two calls, so a
	 * caller can hold a lock only while the records change (App\DeleteBackup).
	 *
	 * @param string $id A backup id.
	 * @throws BackupInUse When a backup in progress builds on it.
	 */
	public function forget( string $id ): void {
		$this->deletion()->forget( $id );
	}

	/**
	 * Deletes the objects no remaining backup needs.
	 */
	public function sweep(): void {
		$this->deletion()->sweep();
	}

	/**
	 * Deletion in the store; the logs WordPress keeps go with their backups.
	 */
	private function deletion(): Deletion {
		return new Deletion(
			$this->engine()->store(),
			static function ( array $ids ): void {
				( new BackupLogs() )->forget( $ids );
			}
		);
	}
}
