<?php
/**
 * What a network's restored database keeps of the live network.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize, WordPress.PHP.DiscouragedPHPFunctions.serialize_unserialize -- the format WordPress stores network options in; objects are refused when reading.

namespace SiteBackups\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Restore\DatabaseRestore;

/**
 * On a multisite network (the target has a sitemeta table, live and loaded), before the swap:
 * - the plugin stays network-activated (active_sitewide_plugins) as it is live: it runs the restore;
 * - the administrator who asked stays a super admin (site_admins) when the backup knows them as
 *   the same user, so they can follow the restore to its end and undo it.
 * Each network of the table (its site_id) is treated on its own.
 */
final class NetworkIdentity {

	/**
	 * Sets up the adjustments.
	 *
	 * @param Connection $db     The target's database.
	 * @param string     $prefix The target's table prefix.
	 * @param string     $plugin The plugin's basename, e.g. site-backups/site-backups.php.
	 */
	public function __construct(
		private readonly Connection $db,
		private readonly string $prefix,
		private readonly string $plugin
	) {
	}

	/**
	 * Applies the adjustments when the target is a network.
	 *
	 * @param int $user The user who asked for the restore, whose rights to keep (0: none).
	 */
	public function keep( int $user ): void {
		if ( ! $this->is_network() ) {
			return;
		}
		foreach ( $this->live_values( 'active_sitewide_plugins' ) as $site => $live ) {
			$loaded = $this->loaded_value( $site, 'active_sitewide_plugins' );
			if ( isset( $live[ $this->plugin ] ) === isset( $loaded[ $this->plugin ] ) ) {
				continue;
			}
			if ( isset( $live[ $this->plugin ] ) ) {
				$loaded[ $this->plugin ] = $live[ $this->plugin ];
			} else {
				unset( $loaded[ $this->plugin ] );
			}
			$this->store( $site, 'active_sitewide_plugins', $loaded );
		}
		$login = $user > 0 ? $this->same_user_login( $user ) : null;
		if ( null === $login ) {
			return;
		}
		foreach ( $this->live_values( 'site_admins' ) as $site => $admins ) {
			$loaded = array_values( $this->loaded_value( $site, 'site_admins' ) );
			if ( in_array( $login, $admins, true ) && ! in_array( $login, $loaded, true ) ) {
				$loaded[] = $login;
				$this->store( $site, 'site_admins', $loaded );
			}
		}
	}

	/**
	 * Whether both the live and the loaded database are a network's.
	 */
	private function is_network(): bool {
		$found = $this->db->fetchValue(
			'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN ('
			. $this->db->quote( $this->prefix . 'sitemeta' ) . ', ' . $this->db->quote( DatabaseRestore::TMP . $this->prefix . 'sitemeta' ) . ')'
		);
		return '2' === $found;
	}

	/**
	 * The user's login when the backup has the same user (same ID and login), else null.
	 *
	 * @param int $user User ID.
	 */
	private function same_user_login( int $user ): ?string {
		$live   = $this->db->fetchValue( 'SELECT user_login FROM ' . $this->live( 'users' ) . ' WHERE ID = ' . $user );
		$loaded = $this->db->fetchValue( 'SELECT user_login FROM ' . $this->loaded( 'users' ) . ' WHERE ID = ' . $user );
		return null !== $live && $live === $loaded ? $live : null;
	}

	/**
	 * A network option's live value, per network.
	 *
	 * @param string $key The option (meta_key).
	 * @return array<int, array<mixed>>
	 */
	private function live_values( string $key ): array {
		$values = array();
		foreach ( $this->db->fetchAll( 'SELECT site_id, meta_value FROM ' . $this->live( 'sitemeta' ) . ' WHERE meta_key = ' . $this->db->quote( $key ) ) as $row ) {
			$values[ (int) $row['site_id'] ] = self::unserialized( $row['meta_value'] );
		}
		return $values;
	}

	/**
	 * A network option's value in the loaded table.
	 *
	 * @param int    $site The network's id.
	 * @param string $key  The option (meta_key).
	 * @return array<mixed>
	 */
	private function loaded_value( int $site, string $key ): array {
		return self::unserialized( $this->db->fetchValue( 'SELECT meta_value FROM ' . $this->loaded( 'sitemeta' ) . ' WHERE site_id = ' . $site . ' AND meta_key = ' . $this->db->quote( $key ) . ' LIMIT 1' ) );
	}

	/**
	 * Writes a network option into the loaded table, in its row when it has one.
	 *
	 * @param int          $site  The network's id.
	 * @param string       $key   The option (meta_key).
	 * @param array<mixed> $value Its value.
	 */
	private function store( int $site, string $key, array $value ): void {
		$table = $this->loaded( 'sitemeta' );
		$where = ' WHERE site_id = ' . $site . ' AND meta_key = ' . $this->db->quote( $key );
		$value = $this->db->quote( serialize( $value ) );
		if ( null !== $this->db->fetchValue( 'SELECT meta_id FROM ' . $table . $where . ' LIMIT 1' ) ) {
			$this->db->execute( 'UPDATE ' . $table . ' SET meta_value = ' . $value . $where );
			return;
		}
		$this->db->execute( 'INSERT INTO ' . $table . ' (site_id, meta_key, meta_value) VALUES (' . $site . ', ' . $this->db->quote( $key ) . ', ' . $value . ')' );
	}

	/**
	 * A stored array, or an empty one for anything else.
	 *
	 * @param string|null $raw The stored value.
	 * @return array<mixed>
	 */
	private static function unserialized( ?string $raw ): array {
		$value = null === $raw ? false : unserialize( $raw, array( 'allowed_classes' => false ) );
		return is_array( $value ) ? $value : array();
	}

	/**
	 * A loaded table of the target's prefix, quoted.
	 *
	 * @param string $table Name without prefix.
	 */
	private function loaded( string $table ): string {
		return Identifier::quote( DatabaseRestore::TMP . $this->prefix . $table );
	}

	/**
	 * A live table of the target's prefix, quoted.
	 *
	 * @param string $table Name without prefix.
	 */
	private function live( string $table ): string {
		return Identifier::quote( $this->prefix . $table );
	}
}
