<?php
/**
 * Inside a backup: its folders, one file's bytes, its tables; and what changed since another one.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.

namespace SiteBackups\App;

use InvalidArgumentException;
use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Browse\BadPath;
use SiteBackups\Engine\Browse\Browser;
use SiteBackups\Engine\Browse\ChangesPage;
use SiteBackups\Engine\Browse\ChangeSummary;
use SiteBackups\Engine\Browse\DamagedManifest;
use SiteBackups\Engine\Browse\FolderPage;
use SiteBackups\Engine\Browse\NotAFile;
use SiteBackups\Engine\Browse\NotFound;
use SiteBackups\Engine\Browse\SnapshotFile;
use SiteBackups\Engine\Browse\TableChangesPage;
use SiteBackups\Engine\Browse\TablesPage;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Snapshot\InvalidSnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\ObjectCorrupt;
use SiteBackups\Engine\Store\ObjectMissing;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Support\Redactor;
use Throwable;

/**
 * Reads the backups this server holds (Engine\Browse\Browser), a page at a time; the engine's
 * failures become refusals both doors say alike: a malformed id, path or cursor is invalid, what
 * the backup does not hold is not found, a folder or a link asked for as a file is a conflict, and
 * so is a backup whose lists or pieces are damaged. Other failures of the store pass through.
 */
final class BrowseBackup {

	/**
	 * Sets up the reader.
	 *
	 * @param BackupService  $backups The local store.
	 * @param OffsiteService $offsite The bucket, to tell a backup kept only there from none.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite
	) {
	}

	/**
	 * One page of a folder's direct contents.
	 *
	 * @param string      $id    A backup id.
	 * @param string      $path  The folder; '' for the top of the site.
	 * @param string|null $after The page before's next.
	 * @param int         $limit At most this many items.
	 * @throws Refused When the request or the backup cannot be answered.
	 */
	public function folder( string $id, string $path, ?string $after, int $limit ): FolderPage {
		return $this->read( $id, fn ( Browser $browser ): FolderPage => $browser->folder( $id, $path, $after, $limit ) );
	}

	/**
	 * One regular file, checked, ready to be copied out (SnapshotFile::copyTo()).
	 *
	 * @param string $id   A backup id.
	 * @param string $path The file.
	 * @throws Refused When the request or the backup cannot be answered.
	 */
	public function file( string $id, string $path ): SnapshotFile {
		return $this->read( $id, fn ( Browser $browser ): SnapshotFile => $browser->file( $id, $path ) );
	}

	/**
	 * One page of the backup's tables.
	 *
	 * @param string      $id    A backup id.
	 * @param string|null $after The page before's next.
	 * @param int         $limit At most this many tables.
	 * @throws Refused When the request or the backup cannot be answered.
	 */
	public function tables( string $id, ?string $after, int $limit ): TablesPage {
		return $this->read( $id, fn ( Browser $browser ): TablesPage => $browser->tables( $id, $after, $limit ) );
	}

	/**
	 * The backup to compare with when none is named: the one before it, of the same environment,
	 * holding the whole site (a backup of part of the site, taken before restoring chosen files or
	 * tables, would show everything else as added).
	 *
	 * @param string $id A backup id.
	 * @throws Refused When there is none, or no backup has that id.
	 */
	public function previous( string $id ): string {
		$record = $this->read( $id, fn (): SnapshotRecord => $this->backups->engine()->snapshot( $id ) );
		$before = null;
		foreach ( $this->backups->engine()->list() as $summary ) {
			// Ids sort by time as plain strings.
			if ( ( $summary['meta']['environment'] ?? null ) === $record->environment()
				&& ! isset( $summary['meta']['scope'] )
				&& strcmp( $summary['id'], $id ) < 0
				&& ( null === $before || strcmp( $summary['id'], $before ) > 0 ) ) {
				$before = $summary['id'];
			}
		}
		if ( null === $before ) {
			throw new Refused(
				'site_backups_no_earlier_backup',
				__( 'This is the first backup of its environment that this server holds: there is no earlier one to compare it with. Name another backup to compare with.', 'site-backups' ),
				Refused::NOT_FOUND
			);
		}
		return $before;
	}

	/**
	 * One page of the paths added, changed and removed from $since to $id.
	 *
	 * @param string      $id    The newer backup.
	 * @param string      $since The older backup.
	 * @param string|null $after The page before's next.
	 * @param int         $limit At most this many paths.
	 * @throws Refused When the request or either backup cannot be answered.
	 */
	public function changes( string $id, string $since, ?string $after, int $limit ): ChangesPage {
		return $this->compare( $id, $since, fn ( Browser $browser ): ChangesPage => $browser->changes( $since, $id, $after, $limit ) );
	}

	/**
	 * One page of the tables added, changed and removed from $since to $id.
	 *
	 * @param string      $id    The newer backup.
	 * @param string      $since The older backup.
	 * @param string|null $after The page before's next.
	 * @param int         $limit At most this many tables.
	 * @throws Refused When the request or either backup cannot be answered.
	 */
	public function table_changes( string $id, string $since, ?string $after, int $limit ): TableChangesPage {
		return $this->compare( $id, $since, fn ( Browser $browser ): TableChangesPage => $browser->tableChanges( $since, $id, $after, $limit ) );
	}

	/**
	 * Counts of every change from $since to $id (one walk over both backups' lists).
	 *
	 * @param string $id    The newer backup.
	 * @param string $since The older backup.
	 * @throws Refused When the request or either backup cannot be answered.
	 */
	public function summary( string $id, string $since ): ChangeSummary {
		return $this->compare( $id, $since, fn ( Browser $browser ): ChangeSummary => $browser->summary( $since, $id ) );
	}

	/**
	 * Runs a comparison, each backup checked first so a refusal says which one is missing.
	 *
	 * @template T
	 * @param string               $id    The newer backup.
	 * @param string               $since The older backup.
	 * @param callable(Browser): T $work  The reading.
	 * @return T
	 */
	private function compare( string $id, string $since, callable $work ): mixed {
		$this->read( $since, static fn (): bool => true );
		return $this->read( $id, $work );
	}

	/**
	 * Runs a reading of one backup, turning the engine's failures into refusals.
	 *
	 * @template T
	 * @param string               $id   The backup read.
	 * @param callable(Browser): T $work The reading.
	 * @return T
	 * @throws Refused When the request or the backup cannot be answered.
	 */
	private function read( string $id, callable $work ): mixed {
		$store = $this->backups->engine()->store();
		try {
			if ( ! $store->snapshots()->has( SnapshotId::assertValid( $id ) ) ) {
				throw $this->kept_only_offsite( $id ) ? self::offsite_only() : Refused::no_backup();
			}
			return $work( new Browser( $store ) );
		} catch ( InvalidSnapshotId $invalid ) {
			throw new Refused( 'site_backups_invalid_backup_id', __( 'That is not a valid backup id.', 'site-backups' ), Refused::INVALID );
		} catch ( BadPath $bad ) {
			throw new Refused(
				'site_backups_invalid_path',
				/* translators: 1: the path asked for, 2: what is wrong with it (technical, in English). */
				sprintf( __( 'Not a path inside a backup: %1$s %2$s. Paths are relative to the top of the site, e.g. wp-content/uploads.', 'site-backups' ), UnsafePath::shown( $bad->path ), $bad->reason ),
				Refused::INVALID
			);
		} catch ( NotFound $missing ) {
			if ( '' === $missing->path ) {
				throw Refused::no_backup();
			}
			/* translators: %s: why (technical, in English), naming the path. */
			throw new Refused( 'site_backups_path_not_found', sprintf( __( 'This backup holds no such path. %s', 'site-backups' ), $missing->getMessage() ), Refused::NOT_FOUND );
		} catch ( NotAFile $not_a_file ) {
			/* translators: %s: what the path is instead (technical, in English). */
			throw new Refused( 'site_backups_not_a_file', sprintf( __( 'Only the content of a regular file can be read. %s', 'site-backups' ), $not_a_file->getMessage() ), Refused::CONFLICT );
		} catch ( DamagedManifest | ObjectCorrupt | ObjectMissing $damaged ) {
			throw new Refused(
				'site_backups_backup_damaged',
				/* translators: %s: what is damaged (technical, in English). */
				sprintf( __( 'This backup is damaged and cannot be read here: %s Check it with wp site-backups verify.', 'site-backups' ), Redactor::redact( $damaged->getMessage() ) ),
				Refused::CONFLICT
			);
		} catch ( InvalidArgumentException $paging ) {
			/* translators: %s: what is wrong (technical, in English). */
			throw new Refused( 'site_backups_invalid_page', sprintf( __( 'That page cannot be listed: %s', 'site-backups' ), $paging->getMessage() ), Refused::INVALID );
		}
	}

	/**
	 * Whether the bucket holds the backup this server does not; a bucket that cannot be read
	 * now holds nothing as far as this answer goes.
	 *
	 * @param string $id A valid backup id.
	 */
	private function kept_only_offsite( string $id ): bool {
		try {
			return $this->offsite->has( $id );
		} catch ( Throwable $unreadable ) {
			return false;
		}
	}

	/**
	 * The refusal for a backup only the bucket holds: nothing of it can be read here yet.
	 */
	private static function offsite_only(): Refused {
		return new Refused(
			'site_backups_offsite_only',
			__( 'This backup is kept only off-site. Fetch it to this server to look inside it.', 'site-backups' ),
			Refused::CONFLICT
		);
	}
}
