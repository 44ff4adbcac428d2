<?php
/**
 * Which paths and tables a restore brings back, checked before the job starts.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text refusals: the REST controllers send them as JSON data and WP-CLI as text; the screen escapes what it shows.
// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Database\DatabaseException;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Restore\ScopeCheck;
use SiteBackups\Engine\Restore\ScopeRefused;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Snapshot\SnapshotScope;
use SiteBackups\Restore\RestoreTarget;

/**
 * The `paths` and `tables` of a restore, against `parts` and the backup:
 * - when either list is given, only what is listed is restored; a part named in `parts` with no
 *   list is left alone, and a list given for a part `parts` leaves out is a contradiction (refused);
 * - every path and table is checked before anything is done (the engine's ScopeCheck): an unsafe or
 *   protected path, one reached through a symbolic link, anything the backup does not hold, a table
 *   a foreign key ties to one not listed (in the backup or on the site) and one the site now has as
 *   a view are refused, named in the message. The job checks again before it changes anything. A
 *   backup kept only off-site has its lists checked by the job once it is fetched (only the paths'
 *   names and the backup's own scope can be checked before);
 * - with no list, a backup of part of the site (a safety backup) restores its own part (the job
 *   works that out from its record); one that would then restore nothing is refused.
 */
final class RestoreSelection {

	/** The most paths or tables one restore takes. */
	public const MAX_ITEMS = 1000;

	/**
	 * Sets up the check.
	 *
	 * @param BackupService $backups The local store.
	 * @param RestoreTarget $targets What a restore leaves alone in a target.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly RestoreTarget $targets
	) {
	}

	/**
	 * The part of the site to restore, checked.
	 *
	 * @param SnapshotRecord $record The backup's record.
	 * @param bool           $local  Whether the backup is in the local store (else only off-site).
	 * @param Environment    $target Where it is restored.
	 * @param string[]       $parts  Of StartRestore::PARTS.
	 * @param string[]|null  $paths  Paths relative to the site's folder; null when not given.
	 * @param string[]|null  $tables Table names as the backup has them; null when not given.
	 * @return SnapshotScope|null Null: the parts as a whole (or a partial backup's own part).
	 * @throws Refused When a list contradicts `parts`, nothing would be restored, or a path or table cannot be.
	 */
	public function scope( SnapshotRecord $record, bool $local, Environment $target, array $parts, ?array $paths, ?array $tables ): ?SnapshotScope {
		$files    = in_array( 'files', $parts, true );
		$database = in_array( 'database', $parts, true );
		if ( null === $paths && null === $tables ) {
			$held = $record->scope();
			if ( null !== $held && ! ( ( $files && $held->hasPaths() ) || ( $database && $held->hasTables() ) ) ) {
				throw new Refused( 'site_backups_restore_nothing', self::nothing(), Refused::INVALID );
			}
			return null;
		}
		$paths  = array_values( array_map( 'strval', $paths ?? array() ) );
		$tables = array_values( array_map( 'strval', $tables ?? array() ) );
		if ( ( array() !== $paths && ! $files ) || ( array() !== $tables && ! $database ) ) {
			throw new Refused(
				'site_backups_restore_parts_conflict',
				__( 'The paths or tables listed are of a part the restore was told to leave out: list files only with "files" in parts, and tables only with "database".', 'site-backups' ),
				Refused::INVALID
			);
		}
		if ( array() === $paths && array() === $tables ) {
			throw new Refused( 'site_backups_restore_nothing', self::nothing(), Refused::INVALID );
		}
		$scope = new SnapshotScope( $paths, $tables );
		$check = new ScopeCheck( $this->backups->engine()->store(), $record->id, $target->tree(), $this->targets->protected_paths( $target ) );
		try {
			if ( $local ) {
				$absent = $check->assert( $scope, $record->scope() );
				$this->assert_switchable( $check, array_values( array_diff( $scope->tables, $absent ) ), $target );
			} else {
				ScopeCheck::assertWithin( $scope, $record->scope() );
				$check->assertNames( $scope->paths );
			}
		} catch ( ScopeRefused $refused ) {
			throw new Refused( self::code( $refused ), self::message( $refused ), $refused->isNotFound() ? Refused::NOT_FOUND : Refused::INVALID );
		} catch ( UnsafePath $unsafe ) {
			throw new Refused( 'site_backups_backup_unsafe', $unsafe->getMessage(), Refused::CONFLICT );
		}
		return $scope;
	}

	/**
	 * The tables asked for can be switched in on their own (the engine's check, which the job runs
	 * again before it changes anything): no foreign key ties one to a table not on the list, in the
	 * backup or on the site, and the site has no view of one's name.
	 *
	 * @param ScopeCheck  $check  The engine's check of this backup.
	 * @param string[]    $tables The tables the backup holds of those asked for.
	 * @param Environment $target Where they are restored.
	 * @phpstan-param list<string> $tables
	 * @throws ScopeRefused Naming the table, and the one to add.
	 */
	private function assert_switchable( ScopeCheck $check, array $tables, Environment $target ): void {
		if ( array() === $tables ) {
			return;
		}
		try {
			$db = $target->connect();
		} catch ( DatabaseException $unreachable ) {
			return; // The job cannot reach it either, and says so before it changes anything.
		}
		try {
			$check->assertTablesSwitchable( $tables, $db, $target->tablePrefix );
		} catch ( DatabaseException $lost ) {
			return; // A query that fails here is the job's to retry and report, before it changes anything.
		} finally {
			$db->close();
		}
	}

	/**
	 * Why there is nothing to restore.
	 */
	private static function nothing(): string {
		return __( 'Nothing to restore: no path or table of the backup is asked for in the parts given.', 'site-backups' );
	}

	/**
	 * The error code of a path or table refused.
	 *
	 * @param ScopeRefused $refused The engine's refusal.
	 */
	private static function code( ScopeRefused $refused ): string {
		$what = $refused->isTable ? 'table' : 'path';
		return $refused->isNotFound() ? "site_backups_restore_{$what}_not_found" : "site_backups_restore_{$what}_refused";
	}

	/**
	 * What the administrator reads: the path or table, and why.
	 *
	 * @param ScopeRefused $refused The engine's refusal.
	 */
	private static function message( ScopeRefused $refused ): string {
		$item = UnsafePath::shown( $refused->item );
		if ( $refused->isTable ) {
			return match ( $refused->problem ) {
				/* translators: 1: a table name, 2: the table a foreign key ties it to. */
				ScopeRefused::FOREIGN_KEY => sprintf( __( 'The table %1$s cannot be restored without %2$s: a foreign key ties them together (in the backup or on the site). Add %2$s to the tables, or leave both out.', 'site-backups' ), $item, UnsafePath::shown( $refused->linked ) ),
				/* translators: %s: a table name. */
				ScopeRefused::LIVE_VIEW   => sprintf( __( 'The table %s cannot be restored on its own: the site now has a view of that name, which a restore of some tables does not replace.', 'site-backups' ), $item ),
				/* translators: %s: a table name. */
				ScopeRefused::OUTSIDE     => sprintf( __( 'The table %s is not in this backup: it holds only part of the site.', 'site-backups' ), $item ),
				/* translators: %s: a table name. */
				default                   => sprintf( __( 'The backup does not hold the table %s.', 'site-backups' ), $item ),
			};
		}
		return match ( $refused->problem ) {
			/* translators: %s: a path. */
			ScopeRefused::UNSAFE_NAME => sprintf( __( '%s is not a plain path relative to the site\'s folder.', 'site-backups' ), $item ),
			/* translators: %s: a path. */
			ScopeRefused::PROTECTED   => sprintf( __( '%s is left alone by every restore (the site\'s configuration, this plugin, the backup store or an excluded folder).', 'site-backups' ), $item ),
			/* translators: %s: a path. */
			ScopeRefused::SITE_LINK   => sprintf( __( '%s is reached through a symbolic link on the site, which a restore never writes through.', 'site-backups' ), $item ),
			/* translators: %s: a path. */
			ScopeRefused::SITE_FILE   => sprintf( __( '%s is below a file on the site.', 'site-backups' ), $item ),
			/* translators: %s: a path. */
			ScopeRefused::BACKUP_LINK => sprintf( __( '%s is below a symbolic link or a file in the backup.', 'site-backups' ), $item ),
			/* translators: %s: a path. */
			ScopeRefused::OUTSIDE     => sprintf( __( '%s is not in this backup: it holds only part of the site.', 'site-backups' ), $item ),
			/* translators: %s: a path. */
			default                   => sprintf( __( 'The backup does not hold %s.', 'site-backups' ), $item ),
		};
	}
}
