<?php
/**
 * WP-CLI: wp site-backups list|create|show|delete|status|cancel|verify
 * (restore and download are commands of their own).
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Jobs\Job;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Plugin;
use SiteBackups\Rest\JobPresenter;
use SiteBackups\Support\Redactor;
use Throwable;
use WP_CLI;
use WP_CLI\Formatter;

/**
 * Makes, lists, shows and deletes the site's backups.
 *
 * Every command goes through the plugin's REST API in this process, as the
 * user given with --user, so it checks the same capability and validates
 * its input exactly like the Tools → Backups screen.
 *
 * ## EXAMPLES
 *
 *     # Back up production now.
 *     $ wp site-backups create --note="Before the theme update" --user=admin
 *
 *     # List staging's backups.
 *     $ wp site-backups list --environment=staging --user=admin
 */
final class BackupsCommand {

	private const LIST_FIELDS   = array( 'id', 'environment', 'trigger', 'created', 'status', 'size', 'locations', 'verified', 'note' );
	private const SHOW_FIELDS   = array( 'id', 'environment', 'trigger', 'note', 'created', 'finished', 'expires', 'status', 'size', 'stored_bytes', 'counts', 'wp_version', 'plugin_version' );
	private const STATUS_FIELDS = array( 'id', 'status', 'environment', 'phase', 'done', 'total', 'percent', 'bytes', 'current', 'cancelling' );

	/**
	 * Sets up the command.
	 *
	 * @param Plugin $plugin The composition root.
	 */
	public function __construct( private readonly Plugin $plugin ) {
	}

	/**
	 * Lists an environment's backups, newest first.
	 *
	 * ## OPTIONS
	 *
	 * [--environment=<environment>]
	 * : production or staging.
	 * ---
	 * default: production
	 * ---
	 *
	 * [--trigger=<trigger>]
	 * : Only backups made this way: scheduled, manual or safety.
	 *
	 * [--fields=<fields>]
	 * : Limit the output to these fields (id, environment, trigger, note, created, finished, expires, status, size, stored_bytes, counts, wp_version, plugin_version, locations, verified, verification). A backup kept only off-site is verified when its record is signed with this site's recovery key; one that is not cannot be restored, fetched or downloaded.
	 *
	 * [--format=<format>]
	 * : Render output in a particular format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 *   - ids
	 *   - count
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups list --user=admin
	 *     $ wp site-backups list --environment=staging --format=json --user=admin
	 *     $ wp site-backups list --format=ids --user=admin
	 *
	 * @subcommand list
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function list_( array $args, array $assoc_args ): void {
		$query = array(
			'environment' => (string) ( $assoc_args['environment'] ?? 'production' ),
			'per_page'    => 100,
		);
		if ( isset( $assoc_args['trigger'] ) ) {
			$query['trigger'] = (string) $assoc_args['trigger'];
		}
		$items = array();
		$page  = 1;
		do {
			$query['page']          = $page;
			list( $data, $headers ) = RestCall::send( 'GET', '/backups', $query );
			$items                  = array_merge( $items, (array) $data );
			$pages                  = (int) ( $headers['X-WP-TotalPages'] ?? 1 );
			++$page;
		} while ( $page <= $pages );

		$format = (string) ( $assoc_args['format'] ?? 'table' );
		if ( 'ids' === $format ) {
			$items = array_column( $items, 'id' );
		} elseif ( 'table' === $format || 'csv' === $format ) {
			$items = array_map( array( self::class, 'verified_in_words' ), $items );
		}
		$this->format( $format, $items, $assoc_args['fields'] ?? self::LIST_FIELDS );
	}

	/**
	 * Backs up an environment now.
	 *
	 * Runs the backup to its end in this process, with a progress bar, then
	 * prints the new backup's id. With --async it only queues the backup:
	 * the site's own requests and WP-Cron then run it in the background.
	 *
	 * ## OPTIONS
	 *
	 * [--environment=<environment>]
	 * : production or staging.
	 * ---
	 * default: production
	 * ---
	 *
	 * [--note=<note>]
	 * : A note to remember the backup by (at most 200 characters).
	 *
	 * [--async]
	 * : Only queue the backup and print its job's id.
	 *
	 * [--porcelain]
	 * : Print only the new backup's id (with --async, the job's id).
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups create --note="Before the theme update" --user=admin
	 *     Success: Backed up production as 06dq4w1m2f3e5g6h7j8k9m0n1p (312.4 MB, 2.1 MB newly stored).
	 *
	 *     $ wp site-backups create --environment=staging --porcelain --user=admin
	 *     06dq4w1m2f3e5g6h7j8k9m0n1p
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function create( array $args, array $assoc_args ): void {
		$porcelain = ! empty( $assoc_args['porcelain'] );
		$body      = array( 'environment' => (string) ( $assoc_args['environment'] ?? 'production' ) );
		if ( isset( $assoc_args['note'] ) ) {
			$body['note'] = (string) $assoc_args['note'];
		}
		list( $job ) = RestCall::send( 'POST', '/backups', $body );
		$job_id      = (string) ( $job['id'] ?? '' );

		if ( ! empty( $assoc_args['async'] ) ) {
			if ( $porcelain ) {
				WP_CLI::line( $job_id );
				return;
			}
			/* translators: %s: job id. */
			WP_CLI::success( sprintf( __( 'Backup queued as job %s. Follow it with: wp site-backups status', 'site-backups' ), $job_id ) );
			return;
		}

		JobFollower::follow( $this->plugin, $porcelain ? null : sprintf( 'Backing up %s', $body['environment'] ) );

		$final = ( new JobRepository() )->find( $job_id );
		$data  = null === $final ? array() : JobPresenter::data( $final );
		$id    = (string) ( $data['result']->backup ?? '' );
		if ( Job::DONE !== ( $data['status'] ?? '' ) || '' === $id ) {
			$message = (string) ( $data['message'] ?? '' );
			if ( '' === $message ) {
				/* translators: %s: job status, e.g. cancelled. */
				$message = sprintf( __( 'The backup did not finish (%s).', 'site-backups' ), (string) ( $data['status'] ?? 'unknown' ) );
			}
			WP_CLI::error( $message );
		}
		if ( $porcelain ) {
			WP_CLI::line( $id );
			return;
		}
		list( $backup ) = RestCall::send( 'GET', '/backups/' . $id );
		WP_CLI::success(
			sprintf(
				/* translators: 1: environment, 2: backup id, 3: size, 4: bytes newly stored. */
				__( 'Backed up %1$s as %2$s (%3$s, %4$s newly stored).', 'site-backups' ),
				$body['environment'],
				$id,
				size_format( (int) ( $backup['size'] ?? 0 ), 1 ),
				size_format( (int) ( $backup['stored_bytes'] ?? 0 ), 1 )
			)
		);
	}

	/**
	 * Shows one backup: what it holds, what it left out and why, and the log
	 * of the job that made it.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * [--fields=<fields>]
	 * : Limit the output to these fields (details and log included).
	 *
	 * [--format=<format>]
	 * : Render output in a particular format. Tables leave out details and log unless asked for with --fields.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups show 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *     $ wp site-backups show 06dq4w1m2f3e5g6h7j8k9m0n1p --fields=details --format=json --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function show( array $args, array $assoc_args ): void {
		list( $backup ) = RestCall::send( 'GET', '/backups/' . rawurlencode( (string) $args[0] ) );
		$format         = (string) ( $assoc_args['format'] ?? 'table' );
		$fields         = $assoc_args['fields'] ?? ( 'table' === $format || 'csv' === $format ? self::SHOW_FIELDS : array_keys( (array) $backup ) );
		$formatter      = new Formatter( $assoc_args, is_array( $fields ) ? $fields : explode( ',', (string) $fields ) );
		$formatter->display_item( (array) $backup );
	}

	/**
	 * Deletes backups. The data they shared with other backups stays.
	 *
	 * ## OPTIONS
	 *
	 * <id>...
	 * : The ids of the backups to delete.
	 *
	 * [--yes]
	 * : Do not ask for confirmation.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups delete 06dq4w1m2f3e5g6h7j8k9m0n1p --yes --user=admin
	 *     Success: Deleted backup 06dq4w1m2f3e5g6h7j8k9m0n1p.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function delete( array $args, array $assoc_args ): void {
		RestCall::require_user();
		WP_CLI::confirm(
			/* translators: %d: number of backups. */
			sprintf( _n( 'Delete %d backup? It cannot be restored afterwards.', 'Delete %d backups? They cannot be restored afterwards.', count( $args ), 'site-backups' ), count( $args ) ),
			$assoc_args
		);
		foreach ( $args as $id ) {
			RestCall::send( 'DELETE', '/backups/' . rawurlencode( $id ) );
			/* translators: %s: backup id. */
			WP_CLI::success( sprintf( __( 'Deleted backup %s.', 'site-backups' ), $id ) );
		}
	}

	/**
	 * Shows the running backup's progress.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Render output in a particular format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups status --user=admin
	 *     No backup is running.
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function status( array $args, array $assoc_args ): void {
		list( $jobs ) = RestCall::send( 'GET', '/jobs', array( 'active' => true ) );
		$job          = is_array( $jobs ) && isset( $jobs[0] ) && is_array( $jobs[0] ) ? $jobs[0] : null;
		$format       = (string) ( $assoc_args['format'] ?? 'table' );
		if ( null === $job ) {
			if ( 'table' === $format ) {
				WP_CLI::line( __( 'No backup is running.', 'site-backups' ) );
			} else {
				$this->format( $format, array(), self::STATUS_FIELDS );
			}
			return;
		}
		if ( 'table' !== $format ) {
			( new Formatter( $assoc_args, array_keys( $job ) ) )->display_item( $job );
			return;
		}
		$progress = (array) $job['progress'];
		( new Formatter( $assoc_args, self::STATUS_FIELDS ) )->display_item(
			array(
				'id'          => $job['id'],
				'status'      => $job['status'],
				'environment' => $job['environment'],
				'phase'       => $progress['phase'] ?? '',
				'done'        => $progress['done'] ?? 0,
				'total'       => $progress['total'] ?? '',
				'percent'     => null === ( $progress['percent'] ?? null ) ? '' : $progress['percent'] . '%',
				'bytes'       => size_format( (int) ( $progress['bytes'] ?? 0 ), 1 ),
				'current'     => $progress['current'] ?? '',
				'cancelling'  => $job['cancelling'] ? 'yes' : 'no',
			)
		);
	}

	/**
	 * Cancels the running backup (or the job given). Nothing of it is kept.
	 *
	 * ## OPTIONS
	 *
	 * [<job-id>]
	 * : The job to cancel; the running one when left out.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups cancel --user=admin
	 *     Success: Cancelled job 3f2a...
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function cancel( array $args, array $assoc_args ): void {
		$id = $args[0] ?? null;
		if ( null === $id ) {
			list( $jobs ) = RestCall::send( 'GET', '/jobs', array( 'active' => true ) );
			if ( ! is_array( $jobs ) || ! isset( $jobs[0]['id'] ) ) {
				WP_CLI::line( __( 'No backup is running.', 'site-backups' ) );
				return;
			}
			$id = (string) $jobs[0]['id'];
		}
		list( $job ) = RestCall::send( 'POST', '/jobs/' . rawurlencode( $id ) . '/cancel' );
		if ( in_array( $job['status'] ?? '', array( Job::QUEUED, Job::RUNNING ), true ) ) {
			// Finish the cancellation here rather than wait for the next slice (a no-op if another request holds the lease).
			try {
				$this->plugin->job_runner()->run_slice( 1.0 );
			} catch ( Throwable $error ) {
				WP_CLI::debug( $error->getMessage(), 'site-backups' );
			}
			list( $job ) = RestCall::send( 'GET', '/jobs/' . rawurlencode( $id ) );
		}
		$status = (string) ( $job['status'] ?? '' );
		if ( Job::CANCELLED === $status ) {
			/* translators: %s: job id. */
			WP_CLI::success( sprintf( __( 'Cancelled job %s.', 'site-backups' ), $id ) );
		} elseif ( in_array( $status, array( Job::QUEUED, Job::RUNNING ), true ) ) {
			/* translators: %s: job id. */
			WP_CLI::success( sprintf( __( 'Asked job %s to stop; it stops at its next unit of work.', 'site-backups' ), $id ) );
		} else {
			/* translators: 1: job id, 2: its status. */
			WP_CLI::warning( sprintf( __( 'Job %1$s had already ended (%2$s).', 'site-backups' ), $id, $status ) );
		}
	}

	/**
	 * Re-reads a backup's stored data and checks every piece against its hash.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * [--sample=<n>]
	 * : Check only a random sample of n pieces.
	 *
	 * [--offsite]
	 * : Check the copy in the off-site bucket instead: every piece is downloaded and checked.
	 *
	 * [--format=<format>]
	 * : Render the report in a particular format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - yaml
	 * ---
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups verify 06dq4w1m2f3e5g6h7j8k9m0n1p --user=admin
	 *     Success: Backup 06dq4w1m2f3e5g6h7j8k9m0n1p is intact (1843 pieces checked).
	 *
	 *     $ wp site-backups verify 06dq4w1m2f3e5g6h7j8k9m0n1p --sample=100 --user=admin
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function verify( array $args, array $assoc_args ): void {
		RestCall::require_user();
		$id     = (string) $args[0];
		$sample = null;
		if ( isset( $assoc_args['sample'] ) ) {
			$sample = filter_var( $assoc_args['sample'], FILTER_VALIDATE_INT, array( 'options' => array( 'min_range' => 1 ) ) );
			if ( false === $sample ) {
				WP_CLI::error( __( '--sample must be a whole number of at least 1.', 'site-backups' ) );
			}
		}
		if ( ! SnapshotId::isValid( $id ) ) {
			WP_CLI::error( __( 'That is not a valid backup id.', 'site-backups' ) );
		}
		$report = null;
		try {
			$engine = $this->plugin->backups()->engine();
			if ( ! empty( $assoc_args['offsite'] ) ) {
				if ( ! $this->plugin->offsite()->enabled() ) {
					WP_CLI::error( __( 'Off-site copies are not set up.', 'site-backups' ) );
				}
				$report = $this->plugin->offsite()->has( $id ) ? $this->plugin->offsite()->verifier( $engine->store() )->verify( $id ) : null;
			} elseif ( $engine->store()->snapshots()->has( $id ) ) {
				$report = $engine->verify( $id, is_int( $sample ) ? $sample : null );
			}
		} catch ( Throwable $error ) {
			WP_CLI::error( Redactor::redact( $error->getMessage() ) );
		}
		if ( null === $report ) {
			WP_CLI::error( __( 'No backup has that id.', 'site-backups' ) );
			return;
		}
		$format = (string) ( $assoc_args['format'] ?? 'table' );
		if ( 'table' !== $format ) {
			$data = $report->toArray();
			( new Formatter( $assoc_args, array_keys( $data ) ) )->display_item( $data );
		}
		if ( ! $report->isOk() ) {
			WP_CLI::error(
				sprintf(
					/* translators: 1: backup id, 2: missing pieces, 3: corrupt pieces. */
					__( 'Backup %1$s is damaged: %2$d missing and %3$d corrupt pieces.', 'site-backups' ),
					$id,
					count( $report->missing ),
					count( $report->corrupt )
				)
			);
		}
		if ( 'table' === $format ) {
			/* translators: 1: backup id, 2: number of pieces checked. */
			WP_CLI::success( sprintf( __( 'Backup %1$s is intact (%2$d pieces checked).', 'site-backups' ), $id, (int) $report->toArray()['objects_checked'] ) );
		}
	}

	/**
	 * A backup with "yes", or "no: " and the reason, for a table's verified column.
	 *
	 * @param mixed $item A backup as the REST API lists it.
	 * @return mixed
	 */
	private static function verified_in_words( mixed $item ): mixed {
		if ( ! is_array( $item ) || ! array_key_exists( 'verified', $item ) ) {
			return $item;
		}
		$item['verified'] = $item['verified']
			? __( 'yes', 'site-backups' )
			/* translators: %s: why a backup is not verified, such as "no signature". */
			: sprintf( __( 'no: %s', 'site-backups' ), BackupNotVerified::reason_label( (string) ( $item['verification'] ?? '' ) ) );
		return $item;
	}

	/**
	 * Prints items in the format asked for.
	 *
	 * @param string              $format table, json, csv, yaml, ids or count.
	 * @param array<mixed>        $items  Rows (or ids).
	 * @param string|list<string> $fields Columns.
	 */
	private function format( string $format, array $items, string|array $fields ): void {
		// @phpstan-ignore function.notFound (WP-CLI's utils.php is loaded whenever this command runs.)
		\WP_CLI\Utils\format_items( $format, $items, $fields );
	}
}
