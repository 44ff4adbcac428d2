<?php
/**
 * The JSON Schema of a job, as /jobs and the routes that start a job publish it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\StartRestore;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Environments\EnvironmentRegistry;
use SiteBackups\Jobs\Job;

/**
 * Describes what JobPresenter sends. The screen's TypeScript types are generated from it
 * (npm run rest-types), so its enums are the constants the server itself checks against.
 */
final class JobSchema {

	public const TITLE = 'site-backups-job';

	/** Every kind of job: one handler each (Plugin::job_runner()). */
	public const KINDS = array( 'backup', 'restore', 'offsite', 'fetch' );

	/**
	 * The job's properties.
	 *
	 * @return array<string, mixed>
	 */
	public static function properties(): array {
		$all          = array( 'view', 'edit', 'embed' );
		$field        = static fn ( string $description, array $schema ): array => array(
			'description' => $description,
			'context'     => $all,
			'readonly'    => true,
		) + $schema;
		$environments = EnvironmentRegistry::names();
		$parts        = array(
			'type'  => 'array',
			'items' => array(
				'type' => 'string',
				'enum' => StartRestore::PARTS,
			),
		);
		return array(
			'id'          => $field(
				__( 'The job id.', 'site-backups' ),
				array(
					'type'    => 'string',
					'pattern' => '^[0-9a-f]{32}$',
				)
			),
			'kind'        => $field(
				__( 'What the job does.', 'site-backups' ),
				array(
					'type' => 'string',
					'enum' => self::KINDS,
				)
			),
			'status'      => $field(
				__( 'Where the job is; paused: an off-site copy that made way for another job, and goes on once that one ends.', 'site-backups' ),
				array(
					'type' => 'string',
					'enum' => array( Job::QUEUED, Job::RUNNING, Job::DONE, Job::FAILED, Job::CANCELLED, Job::PAUSED ),
				)
			),
			'environment' => $field(
				__( 'The environment worked on; empty for the copy off-site of every backup.', 'site-backups' ),
				array(
					'type' => 'string',
					'enum' => array( ...$environments, '' ),
				)
			),
			'trigger'     => $field(
				__( 'What started the job.', 'site-backups' ),
				array(
					'type' => 'string',
					'enum' => BackupRequest::TRIGGERS,
				)
			),
			'note'        => $field( __( 'The note given when the job was asked for.', 'site-backups' ), array( 'type' => 'string' ) ),
			'created'     => DateTimeField::schema( __( 'When the job was asked for (UTC).', 'site-backups' ), false ),
			'updated'     => DateTimeField::schema( __( 'When the job last changed (UTC).', 'site-backups' ), false ),
			'finished'    => DateTimeField::schema( __( 'When the job ended (UTC), null while it runs.', 'site-backups' ), true ),
			'progress'    => $field(
				__( 'How far the job is.', 'site-backups' ),
				array(
					'type'       => 'object',
					// Files and tables are left out by servers before they were counted.
					'required'   => array( 'phase', 'done', 'total', 'percent', 'bytes', 'current' ),
					'properties' => array(
						'phase'   => array( 'type' => 'string' ),
						'done'    => array( 'type' => 'integer' ),
						'total'   => array( 'type' => array( 'integer', 'null' ) ),
						'percent' => array(
							'type'    => array( 'integer', 'null' ),
							'minimum' => 0,
							'maximum' => 100,
						),
						'bytes'   => array( 'type' => 'integer' ),
						'current' => array( 'type' => 'string' ),
						// Counted whatever the phase, so the screen says files and tables at once.
						'files'   => self::count( __( 'Files backed up (or, for a restore, restored) so far, and in all when known; null when the job counts none.', 'site-backups' ) ),
						'tables'  => self::count( __( 'Database tables backed up (or, for a restore, loaded) so far, and in all; null until the database is begun, or when the job counts none.', 'site-backups' ) ),
					),
				)
			),
			'cancelling'  => $field( __( 'Whether someone asked the job to stop.', 'site-backups' ), array( 'type' => 'boolean' ) ),
			'waiting'     => $field(
				__( 'While the database is away: since when the job waits for it (its work is kept), and what the server said; null otherwise.', 'site-backups' ),
				array(
					'type'       => array( 'object', 'null' ),
					'properties' => array(
						'since'  => array(
							'type'   => array( 'string', 'null' ),
							'format' => 'date-time',
						),
						'reason' => array( 'type' => 'string' ),
					),
				)
			),
			'message'     => $field( __( 'Why the job failed, for the administrator; empty otherwise.', 'site-backups' ), array( 'type' => 'string' ) ),
			'result'      => $field(
				__( 'What the job produced once done: the new backup id, or for a restore the backup restored and the safety backup taken.', 'site-backups' ),
				array(
					'type'       => 'object',
					// Each kind of job fills in its own.
					'required'   => array(),
					'properties' => array(
						'backup'        => array( 'type' => 'string' ),
						'safety_backup' => array( 'type' => array( 'string', 'null' ) ),
						'environment'   => array(
							'type' => 'string',
							'enum' => $environments,
						),
						'parts'         => $parts,
					),
				)
			),
			'params'      => $field(
				__( 'What a restore was asked to do; for the off-site copy that follows a backup, that backup.', 'site-backups' ),
				array(
					'type'       => 'object',
					'required'   => array(),
					'properties' => array(
						'backup'        => array( 'type' => 'string' ),
						'environment'   => array(
							'type' => 'string',
							'enum' => $environments,
						),
						'safety_backup' => array( 'type' => 'boolean' ),
						'parts'         => $parts,
					),
				)
			),
			'committed'   => $field( __( 'Whether the job is past the point where it can be cancelled.', 'site-backups' ), array( 'type' => 'boolean' ) ),
			'can_cancel'  => $field( __( 'Whether a cancel would be accepted now: false once the job has ended or is committed.', 'site-backups' ), array( 'type' => 'boolean' ) ),
			'log'         => self::log(),
		);
	}

	/**
	 * The schema of a job's log (a backup's details carry its job's log too).
	 *
	 * @return array<string, mixed>
	 */
	public static function log(): array {
		return array(
			'description' => __( 'What the job did, oldest first.', 'site-backups' ),
			'type'        => 'array',
			'context'     => array( 'view', 'edit' ),
			'readonly'    => true,
			'items'       => array(
				'type'       => 'object',
				'properties' => array(
					'time'    => array(
						'type'   => 'string',
						'format' => 'date-time',
					),
					'level'   => array(
						'type' => 'string',
						'enum' => array( 'info', 'warning', 'error' ),
					),
					'message' => array( 'type' => 'string' ),
				),
			),
		);
	}

	/**
	 * The schema of units of one kind a job counted (files, tables).
	 *
	 * @param string $description What is counted.
	 * @return array<string, mixed>
	 */
	private static function count( string $description ): array {
		return array(
			'description' => $description,
			'type'        => array( 'object', 'null' ),
			'properties'  => array(
				'done'  => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
				'total' => array(
					'type'    => array( 'integer', 'null' ),
					'minimum' => 0,
				),
			),
		);
	}
}
