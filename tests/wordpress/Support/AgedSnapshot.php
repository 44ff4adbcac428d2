<?php
/**
 * Backups of a given age for retention tests, without backing anything up.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Support;

use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\SnapshotCatalog;

/**
 * Publishes an empty scheduled snapshot that began some days ago: its id and its record's start
 * both carry that time, which is all retention reads.
 */
final class AgedSnapshot {

	/**
	 * Publishes an empty snapshot of $environment begun $days before $now.
	 *
	 * @param SnapshotCatalog $catalog     The store's published snapshots.
	 * @param string          $environment production or staging.
	 * @param int|float       $days        Its age (a fraction is a part of a day).
	 * @param int             $now         The time the age counts back from.
	 * @return string Its id.
	 */
	public static function publish( SnapshotCatalog $catalog, string $environment, int|float $days, int $now ): string {
		$started = $now - (int) ( $days * DAY_IN_SECONDS );
		$id      = SnapshotId::generate( $started * 1000 );
		$catalog->publish(
			new SnapshotRecord(
				$id,
				null,
				array(
					'environment' => $environment,
					'trigger'     => 'scheduled',
					'started_at'  => (float) $started,
				),
				array()
			)
		);
		return $id;
	}
}
