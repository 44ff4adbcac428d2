<?php
/**
 * How a restore treats the environment it writes into.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.

namespace SiteBackups\Restore;

use SiteBackups\Backup\BackupService;
use SiteBackups\Backup\Exclusions;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Verify\VerifyReport;

/**
 * The WordPress knowledge a restore needs: what must never be overwritten, what the restored
 * database keeps of the target, and which caches to drop afterwards.
 */
final class RestoreTarget {

	/**
	 * Sets up the helper.
	 *
	 * @param BackupService  $backups     The engine and environments.
	 * @param StoreDirectory $store       Where the store lives.
	 * @param string         $plugin_file The main plugin file.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly StoreDirectory $store,
		private readonly string $plugin_file
	) {
	}

	/**
	 * Paths of the target a restore leaves alone: its wp-config.php, the maintenance file that
	 * keeps visitors out during the switch, this plugin, the store, and what backups exclude.
	 *
	 * @param Environment $target The target.
	 */
	public function protected_paths( Environment $target ): ProtectedPaths {
		$relative = array( 'wp-config.php', '.maintenance' );
		$plugin   = $this->plugin_folder();
		if ( null !== $plugin ) {
			$relative[] = $plugin;
		}
		// wp-config.php may also sit in the folder above WordPress, which is the site's when it is served from there.
		return new ProtectedPaths(
			$target->tree(),
			$relative,
			array( $this->store->path(), dirname( $target->root ) . '/wp-config.php' ),
			new ExclusionRules( $this->store->path(), Exclusions::saved() )
		);
	}

	/**
	 * The adjustments of the loaded tables before the swap.
	 *
	 * @param Environment $target        The target.
	 * @param Connection  $db            Its database.
	 * @param string      $source_prefix The backup's table prefix.
	 */
	public function identity( Environment $target, Connection $db, string $source_prefix ): TargetIdentity {
		return new TargetIdentity( $db, $target->tablePrefix, $source_prefix, plugin_basename( $this->plugin_file ) );
	}

	/**
	 * Whose login sessions to keep: the requesting user's, when the target is this very site.
	 *
	 * @param Environment $target The target.
	 * @param int         $user   The user who asked for the restore.
	 */
	public function session_user( Environment $target, int $user ): int {
		return Environment::PRODUCTION === $target->name ? $user : 0;
	}

	/**
	 * After this site's tables changed under WordPress: nothing cached of the old ones may be used.
	 *
	 * @param Environment $target The target.
	 */
	public function after_database_swap( Environment $target ): void {
		if ( Environment::PRODUCTION === $target->name ) {
			wp_cache_flush();
		}
	}

	/**
	 * The message for a backup that misses objects: nothing was touched.
	 *
	 * @param VerifyReport $report What is missing.
	 */
	public static function damaged_message( VerifyReport $report ): string {
		$users = array();
		foreach ( $report->missing as $names ) {
			$users = array_merge( $users, $names );
		}
		$users = array_slice( array_unique( $users ), 0, 5 );
		return sprintf(
			/* translators: 1: number of missing parts, 2: some of the files or tables that need them. */
			_n(
				'This backup cannot be restored: %1$d stored part is missing (needed by %2$s). Nothing was changed.',
				'This backup cannot be restored: %1$d stored parts are missing (needed by %2$s). Nothing was changed.',
				count( $report->missing ),
				'site-backups'
			),
			count( $report->missing ),
			implode( ', ', $users )
		);
	}

	/**
	 * The plugin's folder as a path of the site (wp-content/plugins/…), or null when it lives outside it.
	 */
	private function plugin_folder(): ?string {
		return $this->backups->environments()->production()->tree()->relativeOf( dirname( $this->plugin_file ) );
	}

}
