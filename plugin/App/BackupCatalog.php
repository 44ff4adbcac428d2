<?php
/**
 * Every backup the site can restore, wherever it is kept, and what may be done with it now.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\App;

use SiteBackups\Backup\BackupService;
use SiteBackups\Engine\Retention\PlanRetention;
use SiteBackups\Jobs\JobRunner;
use SiteBackups\Offsite\OffsiteCopier;
use SiteBackups\Offsite\OffsiteService;
use SiteBackups\Offsite\OffsiteStatus;
use SiteBackups\Retention\BackupsInUse;
use Throwable;

/**
 * The local store's backups, marked `offsite` too once copied, plus those only the bucket holds
 * (a new server after a disaster, or local copies kept for fewer days than the bucket's). Each
 * says whether retention always keeps it (the newest production backup) and whether the running
 * job reads from it, and where its copy off-site stands (OffsiteCopyState).
 *
 * @phpstan-import-type CopyState from OffsiteCopyState
 * @phpstan-type Summary array{id: string, parent: ?string, meta: array<string, mixed>, locations: list<string>, verified: bool, verification: ?string, kept: bool, in_use: bool, offsite_copy: CopyState|null}
 */
final class BackupCatalog {

	/**
	 * Sets up the catalog; nothing is read yet.
	 *
	 * @param BackupService  $backups The local store.
	 * @param OffsiteService $offsite The bucket, when copies go off-site.
	 * @param JobRunner      $jobs    The running job.
	 */
	public function __construct(
		private readonly BackupService $backups,
		private readonly OffsiteService $offsite,
		private readonly JobRunner $jobs
	) {
	}

	/**
	 * Every backup, newest first. What this server holds is its own, so verified; a backup only
	 * the bucket holds is verified when its record is signed with this site's recovery key (else
	 * verification says why not).
	 *
	 * @return list<Summary>
	 */
	public function all(): array {
		$all    = $this->located();
		$kept   = PlanRetention::alwaysKept( $all );
		$in_use = $this->in_use();
		$copies = new OffsiteCopyState( $this->offsite->enabled(), OffsiteCopier::copying( $this->jobs->active() ), false === OffsiteStatus::get()['healthy'] );
		return array_map(
			static fn ( array $s ): array => $s + array(
				'kept'         => $s['id'] === $kept,
				'in_use'       => $s['id'] === $in_use,
				'offsite_copy' => $copies->of( $s ),
			),
			$all
		);
	}

	/**
	 * One environment's backups, newest first, of one trigger when given.
	 *
	 * @param string $environment production or staging.
	 * @param string $trigger     scheduled, manual or safety; '' for all.
	 * @return list<Summary>
	 */
	public function of_environment( string $environment, string $trigger = '' ): array {
		return array_values(
			array_filter(
				$this->all(),
				static fn ( array $s ): bool => ( $s['meta']['environment'] ?? null ) === $environment
					&& ( '' === $trigger || ( $s['meta']['trigger'] ?? null ) === $trigger )
			)
		);
	}

	/**
	 * One backup.
	 *
	 * @param string $id A valid backup id.
	 * @return Summary
	 * @throws Refused When no backup has that id.
	 */
	public function get( string $id ): array {
		foreach ( $this->all() as $summary ) {
			if ( $summary['id'] === $id ) {
				return $summary;
			}
		}
		throw Refused::no_backup();
	}

	/**
	 * The backup the running job reads from (a restore's or a fetch's), if any: deleting it
	 * would leave that job unable to finish.
	 */
	public function in_use(): ?string {
		return BackupsInUse::read_by( $this->jobs->active() )[0] ?? null;
	}

	/**
	 * The backups here and in the bucket, with where each is kept.
	 *
	 * @return list<array{id: string, parent: ?string, meta: array<string, mixed>, locations: list<string>, verified: bool, verification: ?string}>
	 */
	private function located(): array {
		$engine = $this->backups->engine();
		$local  = $engine->list();
		$here   = array(
			'verified'     => true,
			'verification' => null,
		);
		if ( ! $this->offsite->enabled() ) {
			return array_map( static fn ( array $s ): array => $s + array( 'locations' => array( BackupActions::LOCAL ) ) + $here, $local );
		}
		try {
			$replicator = $this->offsite->replicator( $engine->store() );
			$remote     = $this->offsite->summaries();
		} catch ( Throwable $error ) {
			// The bucket cannot be read now: list what is here; the status says why.
			OffsiteStatus::failed( $error->getMessage() );
			return array_map( static fn ( array $s ): array => $s + array( 'locations' => array( BackupActions::LOCAL ) ) + $here, $local );
		}
		$all      = array();
		$in_there = array_flip( array_column( $remote, 'id' ) );
		foreach ( $local as $summary ) {
			$copied                = isset( $in_there[ $summary['id'] ] ) || $replicator->isReplicated( $summary['id'] );
			$all[ $summary['id'] ] = $summary + array( 'locations' => $copied ? array( BackupActions::LOCAL, BackupActions::OFFSITE ) : array( BackupActions::LOCAL ) ) + $here;
		}
		foreach ( $remote as $summary ) {
			if ( ! isset( $all[ $summary['id'] ] ) ) {
				$all[ $summary['id'] ] = $summary + array( 'locations' => array( BackupActions::OFFSITE ) );
			}
		}
		krsort( $all, SORT_STRING );
		return array_values( $all );
	}
}
