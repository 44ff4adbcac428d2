<?php
/**
 * "Am I safe?" for the screen: where production and staging stand, with what the list of
 * recovery points does not say at a glance.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Store\StoreFormat;
use SiteBackups\Status\SiteStatus;
use Throwable;

/**
 * SiteStatus::report(), as Site Health and the Dashboard notice read it, with two more facts per
 * environment: how many files the last backup skipped (from its record in the store) and when the
 * last backup made by hand began (the report gives its age).
 */
final class StatusReport {

	/**
	 * Sets up the report.
	 *
	 * @param SiteStatus     $status  Where the site stands.
	 * @param BackupService  $backups The store, for the last backup's record.
	 * @param StoreDirectory $store   Where the store is (it is not created here).
	 */
	public function __construct(
		private readonly SiteStatus $status,
		private readonly BackupService $backups,
		private readonly StoreDirectory $store = new StoreDirectory()
	) {
	}

	/**
	 * The report, its environments in a list (production, then staging); times are Unix times.
	 * Each last_backup gains skipped (null: failed, or its record is gone); each environment
	 * gains last_manual.
	 *
	 * @param int|null $now Unix time (for tests).
	 * @return array{generated_at: int, store: array{readable: bool, error: string|null}, environments: list<array<string, mixed>>}
	 */
	public function get( ?int $now = null ): array {
		$report       = $this->status->report( $now );
		$environments = array();
		foreach ( $report['environments'] as $environment ) {
			$last = $environment['last_backup'] ?? null;
			if ( is_array( $last ) ) {
				$last['skipped']            = $this->skipped_in( $last['backup_id'] ?? null );
				$environment['last_backup'] = $last;
			}
			$age                        = $environment['last_manual_age'] ?? null;
			$environment['last_manual'] = is_int( $age ) ? $report['generated_at'] - $age : null;
			$environments[]             = $environment;
		}
		return array(
			'generated_at' => $report['generated_at'],
			'store'        => $report['store'],
			'environments' => $environments,
		);
	}

	/**
	 * How many files a published backup could not read; null for no backup, or one removed since.
	 *
	 * @param mixed $backup_id The backup's id, if it was published.
	 */
	private function skipped_in( mixed $backup_id ): ?int {
		$path = $this->store->configured();
		if ( ! is_string( $backup_id ) || null === $path || ! StoreFormat::isStoreAt( $path ) ) {
			return null;
		}
		try {
			$counts = $this->backups->engine()->snapshot( $backup_id )->meta['counts'] ?? array();
		} catch ( Throwable $gone ) {
			return null; // Removed by retention or by hand since the report was made.
		}
		return is_array( $counts ) ? (int) ( $counts['skipped'] ?? 0 ) : 0;
	}
}
