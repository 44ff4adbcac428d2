<?php
/**
 * Who started a job, and through which door.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * The user (0: nobody) and the door a job came in by, kept in its params as "door"; the runner's
 * first log line says it in plain words. Log lines are stored in English, as every other line of a
 * job's log (they are read in support requests, whatever the admin's language).
 */
final class StartedBy {

	/** The Backups screen: REST from a browser, with the login cookie and the REST nonce. */
	public const SCREEN = 'screen';
	/** Any other REST caller, such as a script with an application password. */
	public const REST = 'rest';
	/** WP-CLI. */
	public const CLI = 'cli';
	/** The daily schedule. */
	public const SCHEDULE = 'schedule';
	/** A restore, for its safety backup. */
	public const RESTORE = 'restore';

	/** The job param that keeps the door. */
	public const PARAM = 'door';

	/**
	 * Who and through which door.
	 *
	 * @param int    $user The user who asked (0: nobody).
	 * @param string $door One of the door constants.
	 */
	public function __construct(
		public readonly int $user,
		public readonly string $door
	) {
	}

	/**
	 * A new job of this starter: the door kept in its params, the user as its user.
	 *
	 * @param string               $kind   What the job does.
	 * @param array<string, mixed> $params What it was asked to do.
	 */
	public function job( string $kind, array $params ): Job {
		return Job::create( $kind, array( self::PARAM => $this->door ) + $params, $this->user );
	}

	/**
	 * "Started by admin from the Backups screen.": the job's first log line.
	 *
	 * @param Job $job A job, as it was created.
	 */
	public static function sentence( Job $job ): string {
		return ( new self( (int) ( $job->to_array()['user'] ?? 0 ), (string) $job->param( self::PARAM, '' ) ) )->in_words();
	}

	/**
	 * "Started by admin with WP-CLI.", in English as log lines are.
	 */
	public function in_words(): string {
		$who = self::who( $this->user );
		switch ( $this->door ) {
			case self::SCHEDULE:
				return 'Started by the daily schedule.';
			case self::RESTORE:
				return 'Started by a restore, to keep the site as it was before it.';
			case self::SCREEN:
				return sprintf( 'Started by %s from the Backups screen.', $who ?? 'nobody' );
			case self::CLI:
				return sprintf( 'Started by %s with WP-CLI.', $who ?? 'nobody' );
			case self::REST:
				return sprintf( 'Started by %s through the REST API.', $who ?? 'nobody' );
		}
		// A job made without a door (by an earlier version, or by the site's own events).
		return null === $who ? 'Started automatically.' : sprintf( 'Started by %s.', $who );
	}

	/**
	 * The user's display name, "user 7" for one that is gone; null for nobody.
	 *
	 * @param int $user A user id.
	 */
	private static function who( int $user ): ?string {
		if ( $user <= 0 ) {
			return null;
		}
		$found = get_userdata( $user );
		$name  = false === $found ? '' : trim( (string) $found->display_name );
		return '' !== $name ? $name : sprintf( 'user %d', $user );
	}
}
