<?php
/**
 * A backup as one zip file, for the download route and wp site-backups download alike.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Read\UnsafePath;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Offsite\BackupNotVerified;
use SiteBackups\Offsite\OffsiteService;

/**
 * A backup kept only off-site is brought here first, each object checked, then read from the
 * local store like any other: the same backup always gives the same bytes.
 */
final class BackupArchives {

	/**
	 * Sets up the archives.
	 *
	 * @param BackupService  $backups The local store.
	 * @param OffsiteService $offsite The bucket.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite
	) {
	}

	/**
	 * Opens a backup's zip.
	 *
	 * BackupNotVerified (the bucket's record of it is not this site's) and UnsafePath (its
	 * manifest holds a path that could escape the zip) are left to the caller.
	 *
	 * @param string                  $id           A valid backup id.
	 * @param (callable(): void)|null $before_fetch Told before a backup kept only off-site is fetched (which takes a while).
	 * @throws Refused When no backup has that id.
	 * @phpstan-throws Refused|BackupNotVerified|UnsafePath
	 */
	public function open( string $id, ?callable $before_fetch = null ): SnapshotArchive {
		$store = $this->backups->engine()->store();
		if ( ! $store->snapshots()->has( $id ) && $this->offsite->has( $id ) ) {
			if ( null !== $before_fetch ) {
				$before_fetch();
			}
			$this->offsite->fetch_all( $store, $id );
		}
		if ( ! $store->snapshots()->has( $id ) ) {
			throw Refused::no_backup();
		}
		return SnapshotArchive::open( $store, $id );
	}

	/**
	 * The zip's file name: site host, environment, date and the random end of the id, e.g.
	 * example.com-production-2026-11-26-0312-8k9m0n1p.zip.
	 *
	 * @param SnapshotRecord $record The backup.
	 */
	public static function file_name( SnapshotRecord $record ): string {
		$host    = wp_parse_url( (string) ( $record->meta['site_url'] ?? home_url() ), PHP_URL_HOST );
		$started = (int) floor( $record->startedAt() );
		$date    = wp_date( 'Y-m-d-Hi', $started > 0 ? $started : intdiv( SnapshotId::timeMs( $record->id ), 1000 ) );
		$parts   = array(
			is_string( $host ) && '' !== $host ? $host : 'site',
			$record->environment(),
			false === $date ? '' : $date,
			substr( $record->id, -8 ),
		);
		$name    = (string) preg_replace( '/[^a-z0-9.]+/', '-', strtolower( implode( '-', array_filter( $parts ) ) ) );
		return sanitize_file_name( trim( $name, '-.' ) . '.zip' );
	}
}
