<?php
/**
 * Production and staging: whether each can be backed up, its schedule, its newest backup and
 * what keeps its backups from happening.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Environment;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Health\BackupHealth;
use SiteBackups\Health\Preflight;
use SiteBackups\Schedule\DailySchedule;
use Throwable;

/**
 * Only production is backed up every day, so only production has warnings (WP-Cron disabled,
 * automatic backups overdue or stale, and what this host lacks), each with its fix.
 */
final class EnvironmentOverview {

	/**
	 * Sets up the overview.
	 *
	 * @param BackupService $backups   The local store and this site's environments.
	 * @param DailySchedule $schedule  The daily backup's event.
	 * @param Preflight     $preflight What this host lacks for backups and restores.
	 * @param BackupHealth  $health    Production's warnings.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly DailySchedule $schedule,
		private readonly Preflight $preflight,
		private readonly BackupHealth $health
	) {
	}

	/**
	 * Production, then staging.
	 *
	 * @return list<array{name: string, environment: ?Environment, problem: string, automatic: bool, next_scheduled: ?int, newest: ?array{id: string, parent: ?string, meta: array<string, mixed>}, warnings: list<array{code: string, message: string, fix: string}>}>
	 * @throws Throwable When the store cannot be read though this host can keep one.
	 */
	public function all(): array {
		try {
			$summaries = $this->backups->engine()->list();
		} catch ( Throwable $error ) {
			if ( null === $this->preflight->blocking( 'backup' ) ) {
				throw $error;
			}
			// The host cannot keep a store: the environments still come, with the warning that says why.
			$summaries = array();
		}
		$registry = $this->backups->environments();
		$all      = array();
		foreach ( EnvironmentRegistry::names() as $name ) {
			$newest = null;
			foreach ( $summaries as $summary ) {
				if ( ( $summary['meta']['environment'] ?? null ) === $name ) {
					$newest = $summary;
					break;
				}
			}
			$production = Environment::PRODUCTION === $name;
			$automatic  = $production && $this->schedule->is_production();
			$next       = $automatic ? wp_next_scheduled( DailySchedule::HOOK ) : false;
			$all[]      = array(
				'name'           => $name,
				'environment'    => $registry->get( $name ),
				'problem'        => $production ? '' : $registry->staging_problem(),
				'automatic'      => $automatic,
				'next_scheduled' => false === $next ? null : (int) $next,
				'newest'         => $newest,
				'warnings'       => $production ? array_merge( $this->preflight->warnings(), $this->health->production_warnings() ) : array(),
			);
		}
		return $all;
	}
}
