<?php
/**
 * Starts a manual backup of an environment.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\Exclusions;
use SiteBackups\Engine\Environment;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Jobs\StartedBy;

/**
 * Queues a backup job with the saved exclusions; the runner refuses it while another job runs
 * or when this host cannot run it.
 */
final class StartBackup {

	/**
	 * Sets up the starter.
	 *
	 * @param BackupService $backups This site's environments.
	 * @param JobRunner     $runner  The runner the job goes to.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly JobRunner $runner
	) {
	}

	/**
	 * Starts the backup.
	 *
	 * @param string    $environment The environment to back up.
	 * @param string    $note        A note to remember the backup by.
	 * @param StartedBy $by          Who asked, and through which door.
	 * @return Job The queued job. The runner's JobConflict (another job runs) and JobRefused
	 *             (this host cannot run a backup) are left to the caller.
	 * @throws Refused When the environment is not available.
	 * @phpstan-throws Refused|JobConflict|JobRefused
	 */
	public function start( string $environment, string $note, StartedBy $by ): Job {
		$environments = $this->backups->environments();
		if ( ! in_array( $environment, EnvironmentRegistry::names(), true ) || null === $environments->get( $environment ) ) {
			$problem = Environment::STAGING === $environment ? $environments->staging_problem() : '';
			throw new Refused(
				'site_backups_environment_unavailable',
				'' !== $problem ? $problem : __( 'That environment is not available for backups.', 'site-backups' ),
				Refused::INVALID
			);
		}
		$job = $by->job(
			'backup',
			array(
				'environment' => $environment,
				'trigger'     => 'manual',
				'note'        => $note,
				'exclusions'  => Exclusions::saved(),
			)
		);
		return $this->runner->start( $job );
	}
}
