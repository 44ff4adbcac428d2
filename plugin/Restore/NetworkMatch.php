<?php
/**
 * Whether a backup and the environment it would go into are the same kind of site.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.

namespace SiteBackups\Restore;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Repository;
use Throwable;

/**
 * A backup of a multisite network holds every site's tables and files, keyed to the network's
 * domain and paths (its blogs and site tables, the constants in wp-config.php). It is restored only
 * into the network it was taken of, in place: into a single site it would leave half a network,
 * into another network it would carry the wrong addresses; and a single site's backup would put
 * one site in place of a whole network. Each is refused before anything is touched.
 */
final class NetworkMatch {

	/** The REST error code of a refusal (409). */
	public const CODE = 'site_backups_network_mismatch';

	/**
	 * Sets up the check.
	 *
	 * @param BackupService $backups The engine and environments.
	 */
	public function __construct( private readonly BackupService $backups ) {
	}

	/**
	 * Why the backup may not be restored into the target, or null when it may (or when the target's
	 * database cannot be reached to tell: the restore then stops on that, having changed nothing).
	 *
	 * @param string      $backup A backup held in the local store.
	 * @param Environment $target The environment to restore into.
	 */
	public function refusal( string $backup, Environment $target ): ?string {
		$record = $this->backups->engine()->snapshot( $backup );
		$from   = $this->holds_network( $backup, (string) ( $record->meta['table_prefix'] ?? $target->tablePrefix ) );
		$into   = $this->is_network( $target );
		if ( null === $into || ( ! $from && ! $into ) ) {
			return null;
		}
		if ( $from && ! $into ) {
			return sprintf(
				/* translators: %s: the environment to restore into, e.g. "staging". */
				__( 'This backup holds a whole multisite network, and the %s environment is a single site: a network backup is restored only into the network it was taken of. Nothing was changed.', 'site-backups' ),
				$target->name
			);
		}
		if ( ! $from ) {
			return sprintf(
				/* translators: %s: the environment to restore into, e.g. "production". */
				__( 'This backup holds a single site, and the %s environment is a multisite network: restoring it would put one site in place of every site of the network. Nothing was changed.', 'site-backups' ),
				$target->name
			);
		}
		if ( $record->environment() !== $target->name ) {
			return sprintf(
				/* translators: 1: the environment the backup is of, 2: the environment to restore into. */
				__( 'This backup holds the multisite network of the %1$s environment, and a network backup is restored only into that network, in place: the %2$s environment is another network, whose sites have other addresses. Nothing was changed.', 'site-backups' ),
				$record->environment(),
				$target->name
			);
		}
		return null;
	}

	/**
	 * Whether a backup's database holds a network: its blogs and site tables (the database's chunk
	 * list names each table it holds; read without the rows).
	 *
	 * @param string $backup A backup held in the local store.
	 * @param string $prefix The backup's table prefix.
	 */
	public function holds_network( string $backup, string $prefix ): bool {
		if ( ! isset( $this->backups->engine()->snapshot( $backup )->sources[ Repository::DATABASE ] ) ) {
			return false;
		}
		$wanted = array(
			$prefix . 'blogs' => true,
			$prefix . 'site'  => true,
		);
		foreach ( ( new SnapshotReader( $this->backups->engine()->store() ) )->sourceChunks( $backup, Repository::DATABASE ) as $chunk ) {
			unset( $wanted[ $chunk->label ] );
			if ( array() === $wanted ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether an environment is a network: production is this WordPress; staging is one when its
	 * database has the network's blogs and site tables. Null when that database cannot be reached.
	 *
	 * @param Environment $target The environment.
	 */
	public function is_network( Environment $target ): ?bool {
		if ( Environment::PRODUCTION === $target->name ) {
			return is_multisite();
		}
		try {
			$db = $target->connect();
		} catch ( Throwable $unreachable ) {
			return null;
		}
		try {
			$found = $db->fetchValue(
				'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('
				. $db->quote( $target->tablePrefix . 'blogs' ) . ', ' . $db->quote( $target->tablePrefix . 'site' ) . ')'
			);
		} finally {
			$db->close();
		}
		return '2' === $found;
	}
}
