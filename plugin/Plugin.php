<?php
/**
 * The plugin's composition root: builds the parts and registers their hooks.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups;

use SiteBackups\Admin\AdminPage;
use SiteBackups\Backup\BackupJobHandler;
use SiteBackups\Backup\BackupLogs;
use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Health\BackupHealth;
use SiteBackups\Jobs\ActiveJobSlot;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobConflict;
use SiteBackups\Jobs\JobRefused;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Notifications\FailureEmail;
use SiteBackups\Retention\Plan;
use SiteBackups\Schedule\DailySchedule;

/**
 * Wires WordPress hooks to the plugin's parts. Constructors have no side
 * effects; everything happens in register().
 */
final class Plugin {

	public const TEXT_DOMAIN = 'site-backups';

	/**
	 * The instance booted by the main plugin file.
	 *
	 * @var Plugin|null
	 */
	private static ?Plugin $instance = null;

	/**
	 * The engine service, built on first use.
	 *
	 * @var BackupService|null
	 */
	private ?BackupService $backups = null;

	/**
	 * The job runner, built on first use.
	 *
	 * @var JobRunner|null
	 */
	private ?JobRunner $job_runner = null;

	/**
	 * The health checks, built on first use.
	 *
	 * @var BackupHealth|null
	 */
	private ?BackupHealth $health = null;

	/**
	 * Off-site copies, once built in this request.
	 *
	 * @var Offsite\OffsiteService|null
	 */
	private ?Offsite\OffsiteService $offsite = null;

	/**
	 * Keeps the main file's path; registers nothing yet.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public function __construct( private readonly string $plugin_file ) {
	}

	/**
	 * Creates the single instance and registers its hooks, once.
	 *
	 * @param string $plugin_file Absolute path of the main plugin file.
	 */
	public static function boot( string $plugin_file ): self {
		if ( null === self::$instance ) {
			self::$instance = new self( $plugin_file );
			self::$instance->register();
		}
		return self::$instance;
	}

	/**
	 * Registers every part's hooks.
	 */
	public function register(): void {
		// First: the writes of everything that follows are noted too.
		( new Database\WriteRecorder( new StoreDirectory(), $this->plugin_file ) )->register();
		// Before any message is written: what every message must hide.
		$store   = new StoreDirectory();
		$secrets = new Offsite\OffsiteSecrets( $store );
		Support\Redactor::hide( fn (): array => $secrets->values(), fn (): string => $store->path() );
		( new AdminPage( $this->plugin_file ) )->register();
		( new Rest\RestApi( fn (): array => $this->rest_controllers() ) )->register();
		if ( defined( 'WP_CLI' ) && WP_CLI ) {
			$this->register_commands();
		}
		$this->job_runner()->register();
		( new Jobs\VisitorCron() )->register();
		( new BackupLogs() )->register();
		( new FailureEmail() )->register();
		( new Status\LastAutomaticBackup() )->register();
		( new Status\OffsiteFailureTime() )->register();
		add_action( Offsite\OffsiteCopier::RETRY_HOOK, array( $this, 'retry_offsite' ) );
		add_action( 'site_backups_job_finished', array( $this, 'copy_after_job' ) );
		( new Restore\LoginNotice() )->register();
		add_action( 'init', array( $this, 'clear_stale_maintenance' ) );
		$this->health()->register();
		( new Notifications\FailedBackupNotice( $this->health()->status() ) )->register();

		$schedule = $this->daily_schedule();
		$schedule->register();
		register_activation_hook( $this->plugin_file, array( $schedule, 'activate' ) );
		register_deactivation_hook( $this->plugin_file, array( self::class, 'deactivate' ) );
		register_uninstall_hook( $this->plugin_file, array( Uninstaller::class, 'uninstall' ) );
	}

	/**
	 * One REST controller per resource, each given the application services it uses; built for
	 * each REST server WordPress builds, on the services as they are then.
	 *
	 * @return list<Rest\Controller>
	 */
	private function rest_controllers(): array {
		$catalog = new App\BackupCatalog( $this->backups(), $this->offsite(), $this->job_runner() );
		$jobs    = new App\JobLookup( $this->job_runner(), new JobRepository() );
		return array(
			new Rest\EnvironmentsController( new App\EnvironmentOverview( $this->backups(), $this->daily_schedule(), $this->preflight(), $this->health() ) ),
			new Rest\BackupsController(
				$catalog,
				new App\BackupDetails( $this->backups(), new BackupLogs(), new JobRepository() ),
				new App\StartBackup( $this->backups(), $this->job_runner() ),
				new App\DeleteBackup( $catalog, $this->backups(), $this->offsite() )
			),
			new Rest\RestoreController( new App\StartRestore( $this->backups(), $this->offsite(), $this->job_runner(), new App\RestoreSelection( $this->backups(), new Restore\RestoreTarget( $this->backups(), new StoreDirectory(), $this->plugin_file ) ) ) ),
			new Rest\DownloadController( new App\BackupArchives( $this->backups(), $this->offsite() ) ),
			new Rest\BrowseController( new App\BrowseBackup( $this->backups(), $this->offsite() ) ),
			new Rest\FetchController( new App\StartFetch( $this->backups(), $this->offsite(), $this->job_runner() ) ),
			new Rest\JobsController( $jobs, new App\CancelJob( $jobs, $this->job_runner() ) ),
			new Rest\SettingsController( new App\BackupSettings( $this->daily_schedule(), $this->offsite() ) ),
			new Rest\OffsiteSettingsController( new App\OffsiteSetup( $this->offsite(), new Offsite\SavedOffsiteSettings( new StoreDirectory() ) ) ),
			new Rest\RecoveryKeyController( new App\RecoveryKeySetup( $this->offsite() ) ),
			new Rest\StatusController( new App\StatusReport( $this->health()->status(), $this->backups() ) ),
		);
	}

	/**
	 * The wp site-backups commands, each given the application services it uses. Most go
	 * through the REST routes (Cli\RestCall); these services are what the routes do not cover.
	 */
	private function register_commands(): void {
		$here     = new App\RunJobHere( $this->job_runner() );
		$follower = new Cli\JobFollower( $here, new App\JobLookup( $this->job_runner(), new JobRepository() ) );
		\WP_CLI::add_command( 'site-backups', new Cli\BackupsCommand( $follower ) );
		\WP_CLI::add_command( 'site-backups status', new Cli\StatusCommand() );
		\WP_CLI::add_command( 'site-backups cancel', new Cli\CancelCommand( $here ) );
		\WP_CLI::add_command( 'site-backups verify', new Cli\VerifyCommand( new App\VerifyBackup( $this->backups(), $this->offsite() ) ) );
		\WP_CLI::add_command( 'site-backups download', new Cli\DownloadCommand( new App\BackupArchives( $this->backups(), $this->offsite() ) ) );
		\WP_CLI::add_command( 'site-backups files', new Cli\FilesCommand() );
		\WP_CLI::add_command( 'site-backups cat', new Cli\CatCommand( new App\BrowseBackup( $this->backups(), $this->offsite() ) ) );
		\WP_CLI::add_command( 'site-backups diff', new Cli\DiffCommand() );
		\WP_CLI::add_command( 'site-backups tables', new Cli\TablesCommand() );
		\WP_CLI::add_command( 'site-backups restore', new Cli\RestoreCommand( $follower ) );
		\WP_CLI::add_command( 'site-backups fetch', new Cli\FetchCommand( $follower ) );
		\WP_CLI::add_command( 'site-backups offsite', new Cli\OffsiteCommand() );
		\WP_CLI::add_command( 'site-backups recovery-key', new Cli\RecoveryKeyCommand() );
	}

	/**
	 * Takes away the maintenance mode of a restore that died while switching a site over.
	 */
	public function clear_stale_maintenance(): void {
		foreach ( $this->backups()->environments()->all() as $environment ) {
			Restore\MaintenanceMode::clear_stale( $environment->root );
		}
	}

	/**
	 * The retry event: copies off-site what failed before, unless another job runs (then later).
	 */
	public function retry_offsite(): void {
		if ( ! $this->offsite()->enabled() ) {
			return;
		}
		try {
			$this->job_runner()->start( Jobs\Job::create( 'offsite', array( 'trigger' => 'scheduled' ), 0 ) );
		} catch ( Jobs\JobConflict $busy ) {
			wp_schedule_single_event( time() + 5 * MINUTE_IN_SECONDS, Offsite\OffsiteCopier::RETRY_HOOK );
		} catch ( JobRefused $refused ) {
			return; // Recorded as a failed job; the next backup's copy tries again.
		}
	}

	/**
	 * When a job has ended: the copy off-site that follows it, if any (Offsite\CopyAfterBackup),
	 * on the services as they are then.
	 *
	 * @param Job $job The job that ended.
	 */
	public function copy_after_job( Job $job ): void {
		( new Offsite\CopyAfterBackup( $this->offsite_copier(), $this->job_runner() ) )->job_finished( $job );
	}

	/**
	 * On deactivation and uninstall: no more automatic backups or slices.
	 * The backups themselves are kept.
	 */
	public static function deactivate(): void {
		DailySchedule::deactivate();
		wp_clear_scheduled_hook( JobRunner::SLICE_HOOK );
		wp_clear_scheduled_hook( JobRunner::WATCHDOG_HOOK );
		wp_clear_scheduled_hook( Offsite\OffsiteCopier::RETRY_HOOK );
	}

	/**
	 * What this host lacks for backups and restores.
	 */
	public function preflight(): Health\Preflight {
		return new Health\Preflight( new StoreDirectory() );
	}

	/**
	 * The daily production schedule: when it fires on production it starts
	 * a scheduled backup job (unless a job is running already).
	 */
	public function daily_schedule(): DailySchedule {
		return new DailySchedule(
			function (): void {
				try {
					// Retention is applied daily even when tonight's backup fails.
					$this->backups()->prune( Plan::current() );
				} catch ( \Throwable $error ) {
					// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log shows why old backups were kept.
					error_log( Support\Redactor::for_log( 'Site Backups: expired backups were not removed: ' . $error->getMessage() ) );
				}
				$job = Job::create(
					'backup',
					array(
						'environment'         => 'production',
						'trigger'             => 'scheduled',
						Jobs\StartedBy::PARAM => Jobs\StartedBy::SCHEDULE,
					),
					0
				);
				try {
					$this->job_runner()->start( $job );
				} catch ( JobRefused $refused ) {
					return; // Recorded as a failed job, which the screen lists and the admin is mailed about.
				} catch ( JobConflict $conflict ) {
					if ( 'offsite' === $conflict->running->kind() ) {
						// The copy pauses at its next upload (it was asked to): try again then.
						wp_schedule_single_event( time() + MINUTE_IN_SECONDS, DailySchedule::HOOK );
						return;
					}
					// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log -- the host's log shows why a day has no automatic backup.
					error_log( sprintf( 'Site Backups: the daily backup did not start because job %s was running.', $conflict->running->id() ) );
				}
			}
		);
	}

	/**
	 * The engine, this site's environments and its store.
	 */
	public function backups(): BackupService {
		$this->backups ??= new BackupService( new EnvironmentRegistry(), new StoreDirectory() );
		return $this->backups;
	}

	/**
	 * The runner of backup and restore jobs.
	 */
	public function job_runner(): JobRunner {
		$this->job_runner ??= new JobRunner(
			new JobRepository(),
			new ActiveJobSlot(),
			array(
				'backup'  => new BackupJobHandler( $this->backups() ),
				'restore' => new Restore\RestoreJobHandler( $this->backups(), new Restore\RestoreTarget( $this->backups(), new StoreDirectory(), $this->plugin_file ), $this->offsite() ),
				'offsite' => new Offsite\OffsiteJobHandler( $this->offsite_copier() ),
				'fetch'   => new Offsite\FetchJobHandler( $this->backups(), $this->offsite() ),
			),
			$this->preflight()
		);
		return $this->job_runner;
	}

	/**
	 * Off-site copies, as the host or an administrator set them up (enabled() says whether they are).
	 */
	public function offsite(): Offsite\OffsiteService {
		$this->offsite ??= new Offsite\OffsiteService( new Offsite\OffsiteSettings( new Offsite\SavedOffsiteSettings( new StoreDirectory() ) ) );
		return $this->offsite;
	}

	/**
	 * The copier off-site copy jobs use (it checks at each step whether anything goes off-site).
	 */
	private function offsite_copier(): Offsite\OffsiteCopier {
		return new Offsite\OffsiteCopier( $this->backups(), $this->offsite() );
	}

	/**
	 * The checks behind the screen's warnings and Site Health.
	 */
	public function health(): BackupHealth {
		$this->health ??= new BackupHealth( $this->backups(), $this->daily_schedule() );
		return $this->health;
	}

	/**
	 * The instance booted by the main plugin file.
	 */
	public static function instance(): ?self {
		return self::$instance;
	}

	/**
	 * Absolute path of the main plugin file.
	 */
	public function plugin_file(): string {
		return $this->plugin_file;
	}
}
