<?php
/**
 * The JSON Schema of a backup, as /backups and /backups/{id} publish it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\App\BackupActions;
use SiteBackups\App\OffsiteCopyState;
use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Offsite\RecordVerification;
use SiteBackups\Environments\EnvironmentRegistry;

/**
 * Describes what BackupsController sends. The screen's TypeScript types are generated from it
 * (npm run rest-types), so its enums are the constants the server itself checks against.
 */
final class BackupSchema {

	public const TITLE = 'site-backups-backup';

	/** Properties only GET /backups/{id} sends. */
	public const ONE_BACKUP_ONLY = array( 'details', 'log', 'left_out', 'database_copy' );

	/**
	 * The backup's properties.
	 *
	 * @return array<string, mixed>
	 */
	public static function properties(): array {
		$all     = array( 'view', 'edit', 'embed' );
		$string  = static fn ( string $description, array $extra = array() ): array => array(
			'description' => $description,
			'type'        => 'string',
			'context'     => $all,
			'readonly'    => true,
		) + $extra;
		$integer = static fn ( string $description ): array => array(
			'description' => $description,
			'type'        => 'integer',
			'context'     => $all,
			'readonly'    => true,
		);
		$boolean = static fn ( string $description ): array => array(
			'description' => $description,
			'type'        => 'boolean',
			'context'     => $all,
			'readonly'    => true,
		);
		$paths   = array(
			'type'  => 'array',
			'items' => array(
				'type'       => 'object',
				'properties' => array(
					'path'   => array( 'type' => 'string' ),
					'reason' => array( 'type' => 'string' ),
				),
			),
		);
		return array(
			'id'             => $string( __( 'The backup id.', 'site-backups' ), array( 'pattern' => '^[0-7][0-9a-hjkmnp-tv-z]{25}$' ) ),
			'environment'    => $string( __( 'The environment backed up.', 'site-backups' ), array( 'enum' => EnvironmentRegistry::names() ) ),
			'trigger'        => $string( __( 'What made the backup.', 'site-backups' ), array( 'enum' => BackupRequest::TRIGGERS ) ),
			'note'           => $string( __( 'The note given with the backup.', 'site-backups' ) ),
			'created'        => DateTimeField::schema( __( 'When the backup began (UTC).', 'site-backups' ), false ),
			'finished'       => DateTimeField::schema( __( 'When the backup was complete (UTC).', 'site-backups' ), true ),
			'expires'        => DateTimeField::schema( __( 'When retention removes the backup (UTC); null for the newest production backup, which is always kept.', 'site-backups' ), true ),
			'status'         => $string( __( 'complete, or partial when some files could not be read.', 'site-backups' ), array( 'enum' => array( 'complete', 'partial' ) ) ),
			'size'           => $integer( __( 'Bytes of the site the backup holds.', 'site-backups' ) ),
			'stored_bytes'   => $integer( __( 'Bytes the backup added to the store (the rest is shared with other backups).', 'site-backups' ) ),
			'counts'         => array(
				'description' => __( 'What the backup holds and left out.', 'site-backups' ),
				'type'        => 'object',
				'context'     => $all,
				'readonly'    => true,
				'properties'  => array(
					'files'    => array( 'type' => 'integer' ),
					'dirs'     => array( 'type' => 'integer' ),
					'symlinks' => array( 'type' => 'integer' ),
					'excluded' => array( 'type' => 'integer' ),
					'skipped'  => array( 'type' => 'integer' ),
				),
			),
			'wp_version'     => $string( __( 'The WordPress version backed up.', 'site-backups' ) ),
			'plugin_version' => $string( __( 'The Site Backups version that made the backup.', 'site-backups' ) ),
			'locations'      => array(
				'description' => __( 'Where the backup is kept: on this server (local), in the off-site bucket, or both.', 'site-backups' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => array( BackupActions::LOCAL, BackupActions::OFFSITE ),
				),
				'context'     => array( 'view', 'edit', 'embed' ),
				'readonly'    => true,
			),
			'verified'       => array(
				'description' => __( 'Whether the backup can be trusted: true for one on this server, and for one only the bucket holds when its record is signed with this site\'s recovery key. One that is not cannot be restored, fetched or downloaded.', 'site-backups' ),
				'type'        => 'boolean',
				'context'     => $all,
				'readonly'    => true,
			),
			'verification'   => array(
				'description' => __( 'Why the backup is not verified; null when it is.', 'site-backups' ),
				'type'        => array( 'string', 'null' ),
				'enum'        => array( ...RecordVerification::REASONS, null ),
				'context'     => $all,
				'readonly'    => true,
			),
			'scope'          => array(
				'description' => __( 'What a backup of part of the site holds (a safety backup taken before restoring some paths or tables): those paths and tables, each list possibly empty; a restore of it restores just them. Null for a backup of the whole site.', 'site-backups' ),
				'type'        => array( 'object', 'null' ),
				'context'     => $all,
				'readonly'    => true,
				'properties'  => array(
					'paths'  => array(
						'type'  => 'array',
						'items' => array( 'type' => 'string' ),
					),
					'tables' => array(
						'type'  => 'array',
						'items' => array( 'type' => 'string' ),
					),
				),
			),
			'restore_of'     => array(
				'description' => __( 'For a safety backup, the backup the restore that took it was about to put back: its id and when it was made (UTC). Null when unknown, and for every other backup.', 'site-backups' ),
				'type'        => array( 'object', 'null' ),
				'context'     => $all,
				'readonly'    => true,
				'properties'  => array(
					'id'      => array(
						'type'    => 'string',
						'pattern' => '^[0-7][0-9a-hjkmnp-tv-z]{25}$',
					),
					'created' => array(
						'type'   => 'string',
						'format' => 'date-time',
					),
				),
			),
			'offsite_copy'   => array(
				'description' => __( 'This backup\'s copy off-site; null when copies do not go off-site. The backup can be restored and downloaded whatever its copy\'s state.', 'site-backups' ),
				'type'        => array( 'object', 'null' ),
				'context'     => $all,
				'readonly'    => true,
				'required'    => array( 'state' ),
				'properties'  => array(
					'state'       => array(
						'description' => __( 'copied: in the bucket; copying: the running copy is on it now; waiting: not in the bucket yet, its copy is to come; failed: the last copy failed before it was in the bucket, and is tried again.', 'site-backups' ),
						'type'        => 'string',
						'enum'        => array( OffsiteCopyState::COPIED, OffsiteCopyState::COPYING, OffsiteCopyState::WAITING, OffsiteCopyState::FAILED ),
					),
					'done_bytes'  => array(
						'description' => __( 'While copying: bytes uploaded for it so far.', 'site-backups' ),
						'type'        => 'integer',
						'minimum'     => 0,
					),
					'total_bytes' => array(
						'description' => __( 'While copying: about how many bytes its copy uploads (what the backup added to the store); left out when not known.', 'site-backups' ),
						'type'        => 'integer',
						'minimum'     => 0,
					),
				),
			),
			'can_restore'    => $boolean( __( 'Whether POST /backups/{id}/restore accepts it: false for one that is not verified.', 'site-backups' ) ),
			'can_delete'     => $boolean( __( 'Whether DELETE /backups/{id} accepts it: false for one kept only off-site, which retention removes there.', 'site-backups' ) ),
			'can_download'   => $boolean( __( 'Whether it can be downloaded: false for one that is not verified.', 'site-backups' ) ),
			'can_fetch'      => $boolean( __( 'Whether POST /backups/{id}/fetch accepts it: true for a verified backup kept only off-site.', 'site-backups' ) ),
			'details'        => array(
				'description' => __( 'Paths skipped or excluded, with the reason (one backup only, at most 200 of each).', 'site-backups' ),
				'type'        => 'object',
				'context'     => array( 'view', 'edit' ),
				'readonly'    => true,
				'properties'  => array(
					'skipped'  => $paths,
					'excluded' => $paths,
				),
			),
			'log'            => JobSchema::log(),
			'database_copy'  => array(
				'description' => __( 'What time the database copy stands for: one moment when it is a consistent snapshot, else the window it was copied over (one backup only; null for a backup made before this was recorded, or kept only off-site).', 'site-backups' ),
				'type'        => array( 'object', 'null' ),
				'context'     => array( 'view', 'edit' ),
				'readonly'    => true,
				'properties'  => array(
					'consistent' => array(
						'description' => __( 'Whether every table was copied as it stood at one moment.', 'site-backups' ),
						'type'        => 'boolean',
					),
					'moment'     => array(
						'description' => __( 'The moment a consistent copy stands for (UTC); null when it is not consistent.', 'site-backups' ),
						'type'        => array( 'string', 'null' ),
						'format'      => 'date-time',
					),
					'window'     => array(
						'description' => __( 'When a copy that is not consistent began and ended (UTC): a change saved meanwhile may be in some tables and not in others. Null when it is consistent.', 'site-backups' ),
						'type'        => array( 'object', 'null' ),
						'properties'  => array(
							'start' => array(
								'type'   => 'string',
								'format' => 'date-time',
							),
							'end'   => array(
								'type'   => 'string',
								'format' => 'date-time',
							),
						),
					),
				),
			),
			'left_out'       => array(
				'description' => __( 'Tables of the database the backup left out because they are not the site\'s: another install sharing its table prefix, or listed as foreign (one backup only).', 'site-backups' ),
				'type'        => 'array',
				'context'     => array( 'view', 'edit' ),
				'readonly'    => true,
				'items'       => array(
					'type'       => 'object',
					'properties' => array(
						'table'  => array( 'type' => 'string' ),
						'kind'   => array(
							'type' => 'string',
							'enum' => array( 'another_install', 'listed', 'other' ),
						),
						'prefix' => array(
							'description' => __( 'The other install\'s table prefix; empty for a listed table.', 'site-backups' ),
							'type'        => 'string',
						),
						'reason' => array( 'type' => 'string' ),
					),
				),
			),
		);
	}
}
