<?php
/**
 * Notes which of the site's tables each request writes, for the write journal backups read.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Database;

use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Database\JournalFolder;
use SiteBackups\Engine\Database\JournalRequest;
use SiteBackups\Engine\Database\WrittenTables;
use SiteBackups\Engine\Store\StoreFormat;

/**
 * Every statement WordPress sends passes the `query` filter; a statement that may write names its
 * tables (WrittenTables), which are kept in a small set per request, each noted in the journal before
 * the first statement that writes it runs, and stamped once when the request shuts down. Reads cost a
 * look at the statement's first word.
 *
 * Whenever WordPress may write without this class running (the plugin activated, deactivated or
 * updated), the journal is interrupted: a backup then proves nothing by it until the next one.
 */
final class WriteRecorder {

	/**
	 * This request's notes, once it has written.
	 *
	 * @var JournalRequest|null
	 */
	private ?JournalRequest $request = null;

	/**
	 * The journal of this site, once it has a store (looked for again at each write until then).
	 *
	 * @var JournalFolder|null
	 */
	private ?JournalFolder $journal = null;

	/**
	 * Set while a statement is being noted: the statements that takes (reading the store's option) are not.
	 *
	 * @var bool
	 */
	private bool $noting = false;

	/**
	 * Sets up the recorder; nothing is hooked yet.
	 *
	 * @param StoreDirectory $directory   Where the store lives.
	 * @param string         $plugin_file Absolute path of the main plugin file.
	 */
	public function __construct(
		private readonly StoreDirectory $directory,
		private readonly string $plugin_file
	) {
	}

	/**
	 * Hooks the recorder in.
	 */
	public function register(): void {
		// Last, so the statement noted is the one sent.
		add_filter( 'query', array( $this, 'note' ), PHP_INT_MAX );
		add_action( 'shutdown', array( $this, 'shut_down' ), PHP_INT_MAX );
		register_activation_hook( $this->plugin_file, array( $this, 'interrupt' ) );
		register_deactivation_hook( $this->plugin_file, array( $this, 'interrupt' ) );
		add_action( 'upgrader_process_complete', array( $this, 'interrupt' ) );
		add_action( 'update_option_active_plugins', array( $this, 'plugins_changed' ), 10, 2 );
	}

	/**
	 * The `query` filter: notes the tables the statement may write, before it runs.
	 *
	 * @param mixed $query The statement WordPress is about to send.
	 * @return mixed The same statement.
	 */
	public function note( $query ) {
		if ( $this->noting || ! is_string( $query ) ) {
			return $query;
		}
		global $wpdb;
		$tables = WrittenTables::of( $query, (string) $wpdb->base_prefix );
		if ( array() === $tables ) {
			return $query;
		}
		$this->noting = true;
		try {
			$this->request()?->note( $tables );
		} finally {
			$this->noting = false;
		}
		return $query;
	}

	/**
	 * At shutdown: stamps this request's tables after every other shutdown function that may still write.
	 */
	public function shut_down(): void {
		register_shutdown_function( array( $this, 'finish' ) );
	}

	/**
	 * Stamps the tables this request wrote. A statement sent after this opens new notes, which a backup
	 * counts as written until they are stamped or go stale.
	 */
	public function finish(): void {
		$request       = $this->request;
		$this->request = null;
		$request?->end();
	}

	/**
	 * The plugin may miss writes (it is being activated, deactivated or updated): backups start over.
	 */
	public function interrupt(): void {
		$this->journal()?->interrupt();
	}

	/**
	 * Interrupts the journal when this plugin leaves the active plugins, even silently (as updates do).
	 *
	 * @param mixed $old_value The active plugins before.
	 * @param mixed $value     The active plugins now.
	 */
	public function plugins_changed( $old_value, $value ): void {
		$self = plugin_basename( $this->plugin_file );
		if ( in_array( $self, (array) $old_value, true ) && ! in_array( $self, (array) $value, true ) ) {
			$this->interrupt();
		}
	}

	/**
	 * This request's notes, begun at its first write; null when the site has no store (nothing to vouch for yet).
	 */
	private function request(): ?JournalRequest {
		if ( null === $this->request ) {
			$this->request = $this->journal()?->request();
		}
		return $this->request;
	}

	/**
	 * The journal of this site's database and table prefix, in its store; null before the store exists.
	 */
	private function journal(): ?JournalFolder {
		if ( null === $this->journal ) {
			$store = $this->directory->configured();
			if ( null !== $store && StoreFormat::isStoreAt( $store ) ) {
				global $wpdb;
				$this->journal = JournalFolder::at( $store, DB_NAME, (string) $wpdb->base_prefix );
			}
		}
		return $this->journal;
	}
}
