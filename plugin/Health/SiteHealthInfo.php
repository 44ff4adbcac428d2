<?php
/**
 * The "Site Backups" section of Tools → Site Health → Info.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Health;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Environment;
use SiteBackups\Jobs\LoopbackRecord;
use SiteBackups\Offsite\OffsiteSettings;
use SiteBackups\Offsite\OffsiteSettingsError;
use SiteBackups\Retention\Plan;
use SiteBackups\Schedule\DailySchedule;
use SiteBackups\Status\BackupOutcome;
use SiteBackups\Status\EnvironmentStatus;
use SiteBackups\Status\OffsiteState;
use SiteBackups\Status\SiteStatus;
use SiteBackups\Status\SiteTime;

/**
 * What support asks first: where backups are kept, the plan, the schedule, the last backups, the
 * off-site destination and how this host runs jobs. Site Health's "Copy site info" leaves out the
 * fields marked private: the store's folder (inside a served folder, its name is what keeps it
 * from being found), the bucket's name, and messages that may quote either. No credential is
 * read here: the bucket's keys never come near this section.
 */
final class SiteHealthInfo {

	public const SECTION = 'site-backups';

	/**
	 * Sets up the section.
	 *
	 * @param SiteStatus      $status   Where the site stands.
	 * @param BackupService   $backups  The store's disk.
	 * @param OffsiteSettings $offsite  The off-site settings in force.
	 * @param StoreDirectory  $store    Where the store is.
	 */
	public function __construct(
		private readonly SiteStatus $status,
		private readonly BackupService $backups,
		private readonly OffsiteSettings $offsite,
		private readonly StoreDirectory $store
	) {
	}

	/**
	 * The section, as the debug_information filter takes it.
	 *
	 * @return array{label: string, description: string, fields: array<string, array{label: string, value: string, debug?: string, private?: bool}>}
	 */
	public function section(): array {
		$environments = $this->status->environments();
		$fields       = array(
			'version' => array(
				'label' => __( 'Version', 'site-backups' ),
				'value' => SITE_BACKUPS_VERSION,
			),
		);
		$fields      += $this->store_fields();
		foreach ( $environments as $environment ) {
			$fields += $this->environment_fields( $environment );
		}
		$fields += $this->plan_fields();
		$fields += $this->schedule_fields( $environments[ Environment::PRODUCTION ] );
		$fields += $this->offsite_fields( $this->status->offsite() );
		$fields += $this->host_fields();
		return array(
			'label'       => __( 'Site Backups', 'site-backups' ),
			'description' => __( 'Where backups are kept, how long, when they run, and how this host runs them. The store\'s folder and the bucket\'s name are left out of the copied text.', 'site-backups' ),
			'fields'      => $fields,
		);
	}

	/**
	 * The store: where, whether the web server may serve it, the free space on its disk.
	 *
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	private function store_fields(): array {
		$path = $this->store->configured();
		if ( null === $path ) {
			return array(
				'store_location' => array(
					'label' => __( 'Where backups are kept', 'site-backups' ),
					'value' => __( 'Not chosen yet: the first backup chooses the folder.', 'site-backups' ),
				),
			);
		}
		$outside = $this->store->is_outside_web_root();
		$free    = $this->backups->store_free_bytes();
		return array(
			'store_location' => array(
				'label'   => __( 'Where backups are kept', 'site-backups' ),
				'value'   => $outside ? $path : StoreLocationHealth::where( $path ),
				'private' => true,
			),
			'store_served'   => array(
				'label' => __( 'Outside every folder the web server serves', 'site-backups' ),
				'value' => $outside ? __( 'Yes', 'site-backups' ) : __( 'No', 'site-backups' ),
				'debug' => $outside ? 'yes' : 'no',
			),
			'store_free'     => array(
				'label' => __( 'Free space on the backups\' disk', 'site-backups' ),
				'value' => null === $free ? __( 'Unknown', 'site-backups' ) : (string) size_format( $free ),
				'debug' => null === $free ? 'unknown' : (string) $free,
			),
		);
	}

	/**
	 * An environment's recovery points and last backup.
	 *
	 * @param EnvironmentStatus $environment The environment.
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	private function environment_fields( EnvironmentStatus $environment ): array {
		$production = Environment::PRODUCTION === $environment->name;
		if ( ! $environment->available && 0 === $environment->recovery_points ) {
			return array(
				'recovery_points_' . $environment->name => array(
					'label' => __( 'Recovery points (staging)', 'site-backups' ),
					'value' => __( 'No staging site is configured.', 'site-backups' ),
					'debug' => 'not configured',
				),
			);
		}
		$count  = $environment->recovery_points;
		$points = 0 === $count || null === $environment->oldest_recovery_point
			? __( 'None', 'site-backups' )
			: sprintf(
				/* translators: 1: number of recovery points, 2: date and time of the oldest. */
				_n( '%1$s recovery point, from %2$s', '%1$s recovery points, the oldest from %2$s', $count, 'site-backups' ),
				number_format_i18n( $count ),
				SiteTime::format( $environment->oldest_recovery_point )
			);
		$fields = array(
			'recovery_points_' . $environment->name => array(
				'label' => $production ? __( 'Recovery points (production)', 'site-backups' ) : __( 'Recovery points (staging)', 'site-backups' ),
				'value' => $points,
				'debug' => (string) $count,
			),
			'last_backup_' . $environment->name     => array(
				'label' => $production ? __( 'Last backup (production)', 'site-backups' ) : __( 'Last backup (staging)', 'site-backups' ),
				'value' => $this->outcome( $environment->last_backup ),
			),
		);
		if ( $production ) {
			$fields['last_automatic_backup'] = array(
				'label' => __( 'Last automatic backup', 'site-backups' ),
				'value' => $this->outcome( $environment->last_automatic ),
			);
		}
		return $fields;
	}

	/**
	 * The plan and how long it keeps backups.
	 *
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	private function plan_fields(): array {
		$plan = Plan::current();
		$days = $plan->retention_days();
		return array(
			'plan'      => array(
				'label' => __( 'Plan', 'site-backups' ),
				'value' => $plan->is_set_by_host()
					/* translators: %s: the plan's name, e.g. Pro. */
					? sprintf( __( '%s (set by the host)', 'site-backups' ), $plan->label() )
					/* translators: %s: the plan's name, e.g. Pro. */
					: sprintf( __( '%s (no plan set: the longer retention applies)', 'site-backups' ), $plan->label() ),
				'debug' => $plan->name() . ( $plan->is_set_by_host() ? '' : ' (default)' ),
			),
			'retention' => array(
				'label' => __( 'Backups are kept for', 'site-backups' ),
				/* translators: %s: number of days. */
				'value' => sprintf( _n( '%s day', '%s days', $days, 'site-backups' ), number_format_i18n( $days ) ),
				'debug' => $days . ' days',
			),
		);
	}

	/**
	 * The daily backup: whether it runs from this site and when next.
	 *
	 * @param EnvironmentStatus $production Production's status.
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	private function schedule_fields( EnvironmentStatus $production ): array {
		if ( ! $production->automatic ) {
			$value = __( 'Off: this is not the production site, so nothing is backed up automatically here.', 'site-backups' );
		} elseif ( null === $production->next_automatic ) {
			$value = __( 'Every day; the next one is not scheduled yet (it is, at the next visit to the admin screens).', 'site-backups' );
		} else {
			/* translators: %s: date and time of the next automatic backup. */
			$value = sprintf( __( 'Every day; the next at %s', 'site-backups' ), SiteTime::format( $production->next_automatic ) );
		}
		$time = get_option( DailySchedule::TIME_OPTION );
		return array(
			'schedule' => array(
				'label' => __( 'Automatic backups', 'site-backups' ),
				'value' => $value,
				'debug' => ( $production->automatic ? 'daily' : 'off' )
					. ( is_string( $time ) && DailySchedule::is_valid_time( $time ) ? ' at ' . $time . ' ' . wp_timezone_string() : '' )
					. ( null === $production->next_automatic ? '' : ', next ' . gmdate( 'c', $production->next_automatic ) ),
			),
		);
	}

	/**
	 * Where copies go, without credentials, and how they go.
	 *
	 * @param OffsiteState $state The copies' state.
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	private function offsite_fields( OffsiteState $state ): array {
		if ( OffsiteState::OFF === $state->state ) {
			return array(
				'offsite' => array(
					'label' => __( 'Off-site copies', 'site-backups' ),
					'value' => __( 'Off', 'site-backups' ),
					'debug' => 'off',
				),
			);
		}
		$fields = array(
			'offsite'        => array(
				'label' => __( 'Off-site copies', 'site-backups' ),
				'value' => $state->set_by_host ? __( 'On, set by the host in wp-config.php', 'site-backups' ) : __( 'On, set by an administrator', 'site-backups' ),
				'debug' => $state->set_by_host ? 'on (SITE_BACKUPS_OFFSITE)' : 'on (saved settings)',
			),
			'offsite_status' => array(
				'label' => __( 'Off-site copy status', 'site-backups' ),
				'value' => $this->offsite_status( $state ),
				'debug' => $state->state,
			),
		);
		if ( $state->failing() ) {
			$fields['offsite_error'] = array(
				'label'   => __( 'Off-site copy error', 'site-backups' ),
				'value'   => $state->message,
				// A bucket's answer may name the bucket.
				'private' => true,
			);
		}
		try {
			$s3     = $this->offsite->s3();
			$sealed = null !== $this->offsite->sealer();
		} catch ( OffsiteSettingsError ) {
			return $fields; // The status above says what is wrong with them.
		}
		$days = $this->offsite->local_days();
		return $fields + array(
			'offsite_endpoint'  => array(
				'label' => __( 'Off-site endpoint', 'site-backups' ),
				'value' => $s3->host . ( null === $s3->port ? '' : ':' . $s3->port ),
			),
			'offsite_region'    => array(
				'label' => __( 'Off-site region', 'site-backups' ),
				'value' => $s3->region,
			),
			'offsite_bucket'    => array(
				'label'   => __( 'Off-site bucket', 'site-backups' ),
				'value'   => $s3->bucket,
				'private' => true,
			),
			'offsite_prefix'    => array(
				'label' => __( 'Off-site prefix', 'site-backups' ),
				'value' => $this->offsite->prefix(),
			),
			'offsite_encrypted' => array(
				'label' => __( 'Off-site copies are encrypted', 'site-backups' ),
				'value' => $sealed ? __( 'Yes', 'site-backups' ) : __( 'No', 'site-backups' ),
				'debug' => $sealed ? 'yes' : 'no',
			),
			'offsite_local'     => array(
				'label' => __( 'Local copies are kept for', 'site-backups' ),
				'value' => null === $days
					? __( 'As long as the plan keeps backups', 'site-backups' )
					/* translators: %s: number of days. */
					: sprintf( _n( '%s day', '%s days', $days, 'site-backups' ), number_format_i18n( $days ) ),
				'debug' => null === $days ? 'plan' : $days . ' days',
			),
		);
	}

	/**
	 * How WordPress's scheduled tasks run here, and whether the runner's loopback requests arrive.
	 *
	 * @return array<string, array{label: string, value: string, debug?: string, private?: bool}>
	 */
	private function host_fields(): array {
		$system_cron = defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON;
		$alternate   = defined( 'ALTERNATE_WP_CRON' ) && ALTERNATE_WP_CRON;
		$sent        = (int) get_option( LoopbackRecord::SENT_OPTION, 0 );
		$seen        = (int) get_option( LoopbackRecord::SEEN_OPTION, 0 );
		if ( LoopbackRecord::failing() ) {
			$loopback = sprintf(
				/* translators: %s: date and time. */
				__( 'Failing: a request sent at %s has not arrived, so jobs move on only while people visit the site or the server\'s cron runs', 'site-backups' ),
				SiteTime::format( $sent )
			);
			$debug = 'failing since ' . gmdate( 'c', $sent );
		} elseif ( $seen > 0 ) {
			/* translators: %s: date and time. */
			$loopback = sprintf( __( 'Working; the last arrived at %s', 'site-backups' ), SiteTime::format( $seen ) );
			$debug    = 'working, last ' . gmdate( 'c', $seen );
		} else {
			$loopback = __( 'None sent yet', 'site-backups' );
			$debug    = 'none yet';
		}
		return array(
			'cron'     => array(
				'label' => __( 'Scheduled tasks', 'site-backups' ),
				'value' => $system_cron
					? __( 'Run by the server\'s cron (DISABLE_WP_CRON is set)', 'site-backups' )
					: ( $alternate ? __( 'Run by WP-Cron on visits, redirecting them (ALTERNATE_WP_CRON)', 'site-backups' ) : __( 'Run by WP-Cron on visits', 'site-backups' ) ),
				'debug' => 'DISABLE_WP_CRON=' . ( $system_cron ? 'true' : 'false' ) . ', ALTERNATE_WP_CRON=' . ( $alternate ? 'true' : 'false' ),
			),
			'loopback' => array(
				'label' => __( 'Requests to itself (each runs a part of a job)', 'site-backups' ),
				'value' => $loopback,
				'debug' => $debug,
			),
		);
	}

	/**
	 * How the copies go, in a phrase.
	 *
	 * @param OffsiteState $state The copies' state.
	 */
	private function offsite_status( OffsiteState $state ): string {
		return match ( $state->state ) {
			OffsiteState::HEALTHY => null === $state->last_copy
				? __( 'Working', 'site-backups' )
				/* translators: %s: date and time. */
				: sprintf( __( 'Working; the last copy was complete at %s', 'site-backups' ), SiteTime::format( $state->last_copy ) ),
			OffsiteState::FAILING => null === $state->failed_at
				? __( 'Failing', 'site-backups' )
				/* translators: %s: date and time. */
				: sprintf( __( 'Failing since %s', 'site-backups' ), SiteTime::format( $state->failed_at ) ),
			default               => __( 'On; no copy tried yet', 'site-backups' ),
		};
	}

	/**
	 * A backup's outcome in a phrase: when, how it was started, and how it went.
	 *
	 * @param BackupOutcome|null $outcome The outcome.
	 */
	private function outcome( ?BackupOutcome $outcome ): string {
		if ( null === $outcome ) {
			return __( 'None yet', 'site-backups' );
		}
		$trigger = match ( $outcome->trigger ) {
			BackupOutcome::AUTOMATIC => __( 'automatic', 'site-backups' ),
			BackupOutcome::SAFETY    => __( 'safety backup before a restore', 'site-backups' ),
			default                  => __( 'manual', 'site-backups' ),
		};
		return $outcome->failed()
			/* translators: 1: date and time, 2: how the backup was started (automatic, manual...), 3: why it failed. */
			? sprintf( __( '%1$s, %2$s, failed: %3$s', 'site-backups' ), SiteTime::format( $outcome->time() ), $trigger, (string) $outcome->error )
			/* translators: 1: date and time, 2: how the backup was started (automatic, manual...). */
			: sprintf( __( '%1$s, %2$s, succeeded', 'site-backups' ), SiteTime::format( $outcome->time() ), $trigger );
	}
}
