<?php
/**
 * What one backup left out and how it was made: the paths it skipped or excluded, the tables
 * that are not the site's, the moment its database copy stands for, and its job's log.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use SiteBackups\Backup\BackupLogs;
use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Database\TableOwnership;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Repository;
use SiteBackups\Jobs\JobRepository;
use SiteBackups\Support\IsoTime;
use SiteBackups\Support\Redactor;
use Throwable;

/**
 * Read on demand for one backup only: the paths come from its manifest, one piece in memory at
 * a time, and stop at a cap.
 */
final class BackupDetails {

	/** How many skipped or excluded paths a backup's details list at most. */
	public const PATHS_CAP = 200;

	/**
	 * Sets up the reader.
	 *
	 * @param BackupService $backups The local store.
	 * @param BackupLogs    $logs    The logs kept with published backups.
	 * @param JobRepository $jobs    Recent jobs, for a log not kept yet.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly BackupLogs $logs,
		private readonly JobRepository $jobs
	) {
	}

	/**
	 * The paths a backup skipped or excluded, with the reasons, capped.
	 *
	 * @param string              $id     A published backup.
	 * @param array<mixed, mixed> $counts The backup's counts, to stop reading once all are found.
	 * @return array{skipped: list<array{path: string, reason: string}>, excluded: list<array{path: string, reason: string}>}
	 */
	public function paths( string $id, array $counts ): array {
		$lists = array(
			Entry::SKIPPED  => array(),
			Entry::EXCLUDED => array(),
		);
		$want  = array(
			Entry::SKIPPED  => min( self::PATHS_CAP, (int) ( $counts['skipped'] ?? PHP_INT_MAX ) ),
			Entry::EXCLUDED => min( self::PATHS_CAP, (int) ( $counts['excluded'] ?? PHP_INT_MAX ) ),
		);
		if ( $want[ Entry::SKIPPED ] > 0 || $want[ Entry::EXCLUDED ] > 0 ) {
			$reader = new SnapshotReader( $this->backups->engine()->store() );
			foreach ( $reader->entries( $id ) as $entry ) {
				if ( isset( $lists[ $entry->status ] ) && count( $lists[ $entry->status ] ) < $want[ $entry->status ] ) {
					$lists[ $entry->status ][] = array(
						'path'   => Redactor::redact( mb_convert_encoding( $entry->path, 'UTF-8', 'UTF-8' ) ),
						'reason' => Redactor::redact( (string) $entry->reason ),
					);
				}
				if ( count( $lists[ Entry::SKIPPED ] ) >= $want[ Entry::SKIPPED ] && count( $lists[ Entry::EXCLUDED ] ) >= $want[ Entry::EXCLUDED ] ) {
					break;
				}
			}
		}
		return array(
			'skipped'  => $lists[ Entry::SKIPPED ],
			'excluded' => $lists[ Entry::EXCLUDED ],
		);
	}

	/**
	 * The tables the backup left out as not the site's, from its record (none for a backup
	 * kept only off-site: its record is not here).
	 *
	 * @param string $id A backup id.
	 * @return list<array{table: string, kind: string, prefix: string, reason: string}>
	 */
	public function left_out( string $id ): array {
		$left = array();
		foreach ( (array) ( $this->database_notes( $id )['left_out'] ?? array() ) as $table => $why ) {
			$install = TableOwnership::installIn( (string) $why );
			if ( TableOwnership::LISTED === $why ) {
				$item = array( 'listed', '', __( 'listed as foreign', 'site-backups' ) );
			} elseif ( null !== $install ) {
				/* translators: %s: the other install's table prefix, e.g. wp_shop_. */
				$item = array( 'another_install', $install, sprintf( __( 'another install (%s)', 'site-backups' ), $install ) );
			} else {
				$item = array( 'other', '', (string) $why );
			}
			$left[] = array(
				'table'  => (string) $table,
				'kind'   => $item[0],
				'prefix' => $item[1],
				'reason' => $item[2],
			);
		}
		return $left;
	}

	/**
	 * What time the database copy stands for, from the notes its source left: one moment (a consistent
	 * snapshot), or the window it was copied over when no read view covered it all. Null for a backup
	 * made before these notes, or kept only off-site.
	 *
	 * @param string $id A backup id.
	 * @return array{consistent: bool, moment: string|null, window: array{start: string, end: string}|null}|null
	 */
	public function database_copy( string $id ): ?array {
		$notes      = $this->database_notes( $id );
		$consistent = $notes['consistent'] ?? null;
		$moment     = is_numeric( $notes['moment'] ?? null ) ? IsoTime::from( (float) $notes['moment'] ) : null;
		if ( true === $consistent && null !== $moment ) {
			return array(
				'consistent' => true,
				'moment'     => $moment,
				'window'     => null,
			);
		}
		$window = $notes['window'] ?? null;
		if ( false !== $consistent || ! is_array( $window ) || ! is_numeric( $window[0] ?? null ) || ! is_numeric( $window[1] ?? null ) ) {
			return null;
		}
		$start = IsoTime::from( (float) $window[0] );
		$end   = IsoTime::from( (float) $window[1] );
		return null === $start || null === $end ? null : array(
			'consistent' => false,
			'moment'     => null,
			'window'     => array(
				'start' => $start,
				'end'   => $end,
			),
		);
	}

	/**
	 * The notes the database source left in a backup's record; none when the record is not here.
	 *
	 * @param string $id A backup id.
	 * @return array<mixed>
	 */
	private function database_notes( string $id ): array {
		try {
			return $this->backups->engine()->snapshot( $id )->sourceNotes( Repository::DATABASE );
		} catch ( Throwable $error ) {
			return array();
		}
	}

	/**
	 * The log lines of the job that made a backup, as the job stored them, if still remembered.
	 *
	 * @param string $id A backup id.
	 * @return array<mixed>
	 */
	public function log( string $id ): array {
		$kept = $this->logs->get( $id );
		if ( $kept ) {
			return $kept;
		}
		foreach ( $this->jobs->recent() as $job ) {
			$raw = $job->to_array();
			if ( ( $raw['result']['backup'] ?? null ) === $id || ( $job->state()['backup'] ?? null ) === $id ) {
				return is_array( $raw['log'] ?? null ) ? $raw['log'] : array();
			}
		}
		return array();
	}
}
