<?php
/**
 * Every backup the site can restore, wherever it is kept.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Offsite;

use SiteBackups\Plugin;
use Throwable;

/**
 * The local store's backups, marked `offsite` too once copied, plus those only the bucket holds
 * (a new server after a disaster, or local copies kept for fewer days than the bucket's).
 */
final class BackupLocations {

	/**
	 * Sets up the list.
	 *
	 * @param Plugin $plugin The composition root.
	 */
	public function __construct( private readonly Plugin $plugin ) {
	}

	/**
	 * Summaries {id, parent, meta, locations, verified, verification}, newest first. What this
	 * server holds is its own, so verified; a backup only the bucket holds is verified when its
	 * record is signed with this site's recovery key (else verification says why not).
	 *
	 * @return list<array{id: string, parent: ?string, meta: array<string, mixed>, locations: list<string>, verified: bool, verification: ?string}>
	 */
	public function summaries(): array {
		$engine  = $this->plugin->backups()->engine();
		$offsite = $this->plugin->offsite();
		$local   = $engine->list();
		$here    = array(
			'verified'     => true,
			'verification' => null,
		);
		if ( ! $offsite->enabled() ) {
			return array_map( static fn ( array $s ): array => $s + array( 'locations' => array( 'local' ) ) + $here, $local );
		}
		try {
			$replicator = $offsite->replicator( $engine->store() );
			$remote     = $offsite->summaries();
		} catch ( Throwable $error ) {
			// The bucket cannot be read now: list what is here; the status says why.
			OffsiteStatus::failed( $error->getMessage() );
			return array_map( static fn ( array $s ): array => $s + array( 'locations' => array( 'local' ) ) + $here, $local );
		}
		$all      = array();
		$in_there = array_flip( array_column( $remote, 'id' ) );
		foreach ( $local as $summary ) {
			$copied                = isset( $in_there[ $summary['id'] ] ) || $replicator->isReplicated( $summary['id'] );
			$all[ $summary['id'] ] = $summary + array( 'locations' => $copied ? array( 'local', 'offsite' ) : array( 'local' ) ) + $here;
		}
		foreach ( $remote as $summary ) {
			if ( ! isset( $all[ $summary['id'] ] ) ) {
				$all[ $summary['id'] ] = $summary + array( 'locations' => array( 'offsite' ) );
			}
		}
		krsort( $all, SORT_STRING );
		return array_values( $all );
	}
}
