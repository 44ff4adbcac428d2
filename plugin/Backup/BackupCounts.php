<?php
/**
 * What a backup has counted, in the units people know: files, and database tables.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Backup;

use SiteBackups\Engine\Database\DatabaseSource;

/**
 * The engine counts the files phase's entries and each source's units; the database source's units
 * are its header, each table, its catch-up and its tail, so its tables are all but two of them.
 */
final class BackupCounts {

	/**
	 * The database source's units that are not tables: its header (the first unit done), and its
	 * catch-up and tail (after every table).
	 */
	private const DATABASE_EXTRA_UNITS = 2;

	/**
	 * The files and tables counted, as a job records them (Job::with_progress()).
	 *
	 * @param array<string, mixed> $progress The engine's progress, as Progress::toArray() gives it.
	 * @return array{files?: array{done: int, total: int|null}, tables?: array{done: int, total: int|null}}
	 */
	public static function of( array $progress ): array {
		$counts = array();
		$total  = $progress['filesTotal'] ?? null;
		if ( isset( $progress['filesDone'] ) && ( (int) $progress['filesDone'] > 0 || null !== $total ) ) {
			$counts['files'] = array(
				'done'  => (int) $progress['filesDone'],
				'total' => null === $total ? null : (int) $total,
			);
		}
		$sources  = is_array( $progress['sources'] ?? null ) ? $progress['sources'] : array();
		$database = is_array( $sources[ DatabaseSource::KEY ] ?? null ) ? $sources[ DatabaseSource::KEY ] : null;
		if ( null !== $database && null !== ( $database['total'] ?? null ) ) {
			$tables           = max( 0, (int) $database['total'] - self::DATABASE_EXTRA_UNITS );
			$counts['tables'] = array(
				'done'  => min( $tables, max( 0, (int) ( $database['done'] ?? 0 ) - 1 ) ),
				'total' => $tables,
			);
		}
		return $counts;
	}
}
