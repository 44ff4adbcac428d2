<?php
/**
 * Where each backup's copy off-site stands, for its row.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

/**
 * A backup is a recovery point from the moment it is published; its copy follows in a job of its
 * own. In the bucket it is copied; the running copy's current backup is copying (with the bytes
 * uploaded for it, and about how many its copy uploads: what it added to the store); one not in
 * the bucket yet is waiting while a copy is under way or to come, and failed when the last copy
 * failed and none has started since (the retry event, or the next job's end, starts one).
 *
 * @phpstan-type CopyState array{state: string, done_bytes?: int, total_bytes?: int}
 */
final class OffsiteCopyState {

	public const COPIED  = 'copied';
	public const COPYING = 'copying';
	public const WAITING = 'waiting';
	public const FAILED  = 'failed';

	/**
	 * Sets up the states of one listing.
	 *
	 * @param bool                                             $enabled     Whether copies go off-site.
	 * @param array{backup: string|null, done_bytes: int}|null $copy        The copy job in the slot (OffsiteCopier::copying()); null: none.
	 * @param bool                                             $last_failed Whether the last copy failed.
	 */
	public function __construct(
		private readonly bool $enabled,
		private readonly ?array $copy,
		private readonly bool $last_failed
	) {
	}

	/**
	 * One backup's copy; null when copies are off.
	 *
	 * @param array{id: string, meta: array<string, mixed>, locations: list<string>} $summary The backup, with where it is kept.
	 * @return CopyState|null
	 */
	public function of( array $summary ): ?array {
		if ( ! $this->enabled ) {
			return null;
		}
		if ( in_array( BackupActions::OFFSITE, $summary['locations'], true ) ) {
			return array( 'state' => self::COPIED );
		}
		if ( null !== $this->copy && $this->copy['backup'] === $summary['id'] ) {
			$state = array(
				'state'      => self::COPYING,
				'done_bytes' => $this->copy['done_bytes'],
			);
			$total = (int) ( $summary['meta']['new_bytes'] ?? 0 );
			return $total > 0 ? $state + array( 'total_bytes' => $total ) : $state;
		}
		return null === $this->copy && $this->last_failed ? array( 'state' => self::FAILED ) : array( 'state' => self::WAITING );
	}
}
