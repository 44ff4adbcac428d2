<?php
/**
 * What the restored database must keep of the site it lands in.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Restore;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\Identifier;
use SiteBackups\Engine\Restore\DatabaseRestore;

/**
 * Runs on the loaded (temporary) tables just before they are swapped in, through the engine's
 * connection to the target's database, which may not be this site's:
 * - the plugin's own rows (the running job, its lease, settings, logs) come from the live site,
 *   so the job carries on and nothing of the plugin goes back in time;
 * - the plugin stays active (or inactive) as it is on the live target, whatever the backup says;
 * - the plugin's WP-Cron events are the live target's (TargetSchedule);
 * - into the other environment: the target keeps its address and its search engine visibility
 *   (a staging site stays hidden);
 * - the admin who asked keeps their login sessions when they are the same user in the backup;
 * - on a multisite network, what NetworkIdentity keeps (network activation, the asking super admin).
 * A restore of some tables only adjusts those of them it loaded: a table it does not load stays the live one.
 */
final class TargetIdentity {

	/**
	 * Sets up the adjustments.
	 *
	 * @param Connection $db            The target's database.
	 * @param string     $prefix        The target's table prefix.
	 * @param string     $source_prefix The backup's table prefix.
	 * @param string     $plugin        The plugin's basename, e.g. site-backups/site-backups.php.
	 */
	public function __construct(
		private readonly Connection $db,
		private readonly string $prefix,
		private readonly string $source_prefix,
		private readonly string $plugin
	) {
	}

	/**
	 * Applies every adjustment to the loaded tables.
	 *
	 * @param bool $other_environment Whether the backup is of the other environment.
	 * @param int  $user              The user whose sessions to keep (0: none).
	 */
	public function apply( bool $other_environment, int $user ): void {
		$this->rename_prefixed_keys();
		if ( $this->is_loaded( 'options' ) ) {
			$this->carry_plugin_rows();
			( new TargetSchedule( $this->db, $this->live( 'options' ), $this->loaded( 'options' ) ) )->keep();
			$this->keep_plugin_state();
			if ( $other_environment ) {
				foreach ( array( 'siteurl', 'home', 'blog_public' ) as $option ) {
					$this->carry_option( $option );
				}
			}
		}
		$users = $this->is_loaded( 'users' );
		if ( $user > 0 && $this->is_loaded( 'usermeta' ) ) {
			$this->carry_sessions( $user, $users );
		}
		( new NetworkIdentity( $this->db, $this->prefix, $this->plugin ) )->keep( $users ? $user : 0 );
	}

	/**
	 * Whether the restore loaded this table beside the live one (a restore of some tables loads only those).
	 *
	 * @param string $table Name without prefix.
	 */
	private function is_loaded( string $table ): bool {
		return '1' === $this->db->fetchValue(
			'SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '
			. $this->db->quote( DatabaseRestore::TMP . $this->prefix . $table )
		);
	}

	/**
	 * Moves the plugin's rows over from the live options table: the job that is running now lives there.
	 */
	private function carry_plugin_rows(): void {
		$like = $this->db->quote( 'site\_backups\_%' );
		$this->db->execute( 'DELETE FROM ' . $this->loaded( 'options' ) . ' WHERE option_name LIKE ' . $like );
		$this->db->execute(
			'INSERT INTO ' . $this->loaded( 'options' ) . ' (option_name, option_value, autoload)'
			. ' SELECT option_name, option_value, autoload FROM ' . $this->live( 'options' ) . ' WHERE option_name LIKE ' . $like
		);
	}

	/**
	 * Puts the live value of an option in place of the backup's.
	 *
	 * @param string $name Option name.
	 */
	private function carry_option( string $name ): void {
		$value = $this->db->fetchValue( 'SELECT option_value FROM ' . $this->live( 'options' ) . ' WHERE option_name = ' . $this->db->quote( $name ) );
		if ( null === $value ) {
			return;
		}
		$this->db->execute( 'DELETE FROM ' . $this->loaded( 'options' ) . ' WHERE option_name = ' . $this->db->quote( $name ) );
		$this->db->execute(
			'INSERT INTO ' . $this->loaded( 'options' ) . " (option_name, option_value, autoload) VALUES ({$this->db->quote( $name )}, {$this->db->quote( $value )}, 'yes')"
		);
	}

	/**
	 * The plugin stays as active or inactive as it is on the live target: on this site it runs the
	 * restore itself; on staging it may be off and must stay off.
	 */
	private function keep_plugin_state(): void {
		$live   = $this->active_plugins( $this->live( 'options' ) );
		$loaded = $this->active_plugins( $this->loaded( 'options' ) );
		$wanted = in_array( $this->plugin, $live, true );
		if ( in_array( $this->plugin, $loaded, true ) === $wanted ) {
			return;
		}
		$loaded = $wanted ? array_merge( $loaded, array( $this->plugin ) ) : array_diff( $loaded, array( $this->plugin ) );
		sort( $loaded );
		$value = serialize( $loaded ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- the format WordPress stores this option in.
		$this->db->execute( 'DELETE FROM ' . $this->loaded( 'options' ) . " WHERE option_name = 'active_plugins'" );
		$this->db->execute( 'INSERT INTO ' . $this->loaded( 'options' ) . " (option_name, option_value, autoload) VALUES ('active_plugins', {$this->db->quote( $value )}, 'yes')" );
	}

	/**
	 * The list of active plugins in an options table.
	 *
	 * @param string $table The quoted table.
	 * @return list<string>
	 */
	private function active_plugins( string $table ): array {
		$raw     = $this->db->fetchValue( 'SELECT option_value FROM ' . $table . " WHERE option_name = 'active_plugins'" );
		$plugins = null === $raw ? array() : unserialize( $raw, array( 'allowed_classes' => false ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_unserialize -- a list of strings; objects refused.
		return is_array( $plugins ) ? array_values( array_filter( $plugins, 'is_string' ) ) : array();
	}

	/**
	 * Keeps the user's login sessions if the restored users are the same user (same ID and login).
	 *
	 * @param int  $user  User ID.
	 * @param bool $users Whether the users table is restored too (else the live one stays, and is the one to compare with).
	 */
	private function carry_sessions( int $user, bool $users ): void {
		$live_login   = $this->db->fetchValue( 'SELECT user_login FROM ' . $this->live( 'users' ) . ' WHERE ID = ' . $user );
		$loaded_login = $this->db->fetchValue( 'SELECT user_login FROM ' . ( $users ? $this->loaded( 'users' ) : $this->live( 'users' ) ) . ' WHERE ID = ' . $user );
		$sessions     = $this->db->fetchValue( 'SELECT meta_value FROM ' . $this->live( 'usermeta' ) . " WHERE meta_key = 'session_tokens' AND user_id = " . $user . ' LIMIT 1' );
		if ( null === $live_login || $live_login !== $loaded_login || null === $sessions ) {
			return;
		}
		$this->db->execute( 'DELETE FROM ' . $this->loaded( 'usermeta' ) . " WHERE meta_key = 'session_tokens' AND user_id = " . $user );
		$this->db->execute( 'INSERT INTO ' . $this->loaded( 'usermeta' ) . " (user_id, meta_key, meta_value) VALUES ($user, 'session_tokens', {$this->db->quote( $sessions )})" );
	}

	/**
	 * Option and user meta names that carry the table prefix (roles, capabilities) follow the target's.
	 */
	private function rename_prefixed_keys(): void {
		if ( $this->source_prefix === $this->prefix ) {
			return;
		}
		$from = $this->db->quote( $this->source_prefix );
		$to   = $this->db->quote( $this->prefix );
		if ( $this->is_loaded( 'options' ) ) {
			$this->db->execute( 'UPDATE ' . $this->loaded( 'options' ) . " SET option_name = CONCAT($to, SUBSTRING(option_name, CHAR_LENGTH($from) + 1)) WHERE option_name = " . $this->db->quote( $this->source_prefix . 'user_roles' ) );
		}
		if ( ! $this->is_loaded( 'usermeta' ) ) {
			return;
		}
		foreach ( array( 'capabilities', 'user_level', 'user-settings', 'user-settings-time', 'dashboard_quick_press_last_post_id' ) as $key ) {
			$this->db->execute( 'UPDATE ' . $this->loaded( 'usermeta' ) . " SET meta_key = CONCAT($to, SUBSTRING(meta_key, CHAR_LENGTH($from) + 1)) WHERE meta_key = " . $this->db->quote( $this->source_prefix . $key ) );
		}
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
