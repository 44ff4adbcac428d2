<?php
/**
 * The plugin's way to the engine's off-site copies.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's value objects name their properties in camelCase.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Offsite;

use Closure;
use SiteBackups\Backup\StoreDirectory;
use SiteBackups\Engine\Offsite\Fetcher;
use SiteBackups\Engine\Offsite\FormatCheck;
use SiteBackups\Engine\Offsite\OffsiteCatalog;
use SiteBackups\Engine\Offsite\OffsiteLayout;
use SiteBackups\Engine\Offsite\OffsiteVerifier;
use SiteBackups\Engine\Offsite\PackWriter;
use SiteBackups\Engine\Offsite\RecordNotVerified;
use SiteBackups\Engine\Offsite\Replicator;
use SiteBackups\Engine\Offsite\S3Bucket;
use SiteBackups\Engine\Remote\S3\RequestSender;
use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\BackupStore;

/**
 * Builds the bucket, the encryption and the engine's replicator, fetcher and catalog from the
 * settings and the recovery key; caches the bucket's list of snapshots briefly (listing downloads
 * every record and its signature).
 */
final class OffsiteService {

	private const LIST_CACHE = 'site_backups_offsite_list';

	/**
	 * This site's recovery key.
	 *
	 * @var RecoveryKeys
	 */
	private readonly RecoveryKeys $keys;

	/**
	 * Sets up the service.
	 *
	 * @param OffsiteSettings   $settings The host's settings.
	 * @param RecoveryKeys|null $keys     The recovery key (by default as the host or the store holds it).
	 */
	public function __construct( private readonly OffsiteSettings $settings, ?RecoveryKeys $keys = null ) {
		$this->keys = $keys ?? new RecoveryKeys( new StoreDirectory() );
	}

	/**
	 * The recovery key that signs and verifies records.
	 */
	public function recovery_keys(): RecoveryKeys {
		return $this->keys;
	}

	/**
	 * Whether copies go off-site.
	 */
	public function enabled(): bool {
		return $this->settings->is_configured();
	}

	/**
	 * The settings.
	 */
	public function settings(): OffsiteSettings {
		return $this->settings;
	}

	/**
	 * The bucket under this site's prefix, reached through WordPress's HTTP API.
	 */
	public function bucket(): S3Bucket {
		$s3        = $this->settings->s3();
		$transport = new WordPressHttpTransport( $s3->connectTimeout, $s3->timeout );
		return new S3Bucket( new S3Client( $s3, new RequestSender( $s3, $transport ) ), $this->settings->prefix() );
	}

	/**
	 * Reaches the bucket with these settings and checks, or writes, its format record: wrong
	 * credentials, a missing bucket or another encryption key fail here with their message.
	 */
	public function prepare_bucket(): void {
		( new FormatCheck( $this->bucket(), new OffsiteLayout( $this->settings->sealer() ) ) )->ensure();
	}

	/**
	 * Copies snapshots of $store to the bucket.
	 *
	 * @param BackupStore  $store   The local store.
	 * @param bool         $to_copy Whether it will copy (the recovery key is made then if need be), or
	 *                              only say what was copied.
	 * @param Closure|null $stop    Asked before each upload whether to stop (StoppableBucket: returns a bool); null: never.
	 */
	public function replicator( BackupStore $store, bool $to_copy = false, ?Closure $stop = null ): Replicator {
		$s3     = $this->settings->s3();
		$sealer = $this->settings->sealer();
		// The marks of what was uploaded belong to one bucket, prefix and key.
		$destination = implode( '|', array( $s3->endpoint, $s3->bucket, $this->settings->prefix(), null === $sealer ? '' : $sealer->keyCheck() ) );
		$bucket      = null === $stop ? $this->bucket() : new StoppableBucket( $this->bucket(), $stop );
		/**
		 * How large the packs of objects sent to the bucket grow, in bytes (64 KB to 15 MB): smaller
		 * packs make a copy that must make way stop sooner, larger ones make it faster.
		 *
		 * @param int $bytes Default 15 MB.
		 */
		$pack_bytes = (int) apply_filters( 'site_backups_offsite_pack_bytes', PackWriter::TARGET_BYTES );
		$pack_bytes = max( 65536, min( PackWriter::TARGET_BYTES, $pack_bytes ) );
		return new Replicator( $store, $bucket, $sealer, $destination, $to_copy ? $this->keys->for_signing() : $this->keys->current(), $pack_bytes );
	}

	/**
	 * Checks snapshots' copies in the bucket, object by object, in a scratch folder of $store.
	 *
	 * @param BackupStore $store The local store (for its temporary folder).
	 */
	public function verifier( BackupStore $store ): OffsiteVerifier {
		return new OffsiteVerifier( $this->bucket(), $this->settings->sealer(), $store->tempDir(), $this->keys->current() );
	}

	/**
	 * Brings snapshots from the bucket into $store.
	 *
	 * @param BackupStore $store The local store.
	 */
	public function fetcher( BackupStore $store ): Fetcher {
		return new Fetcher( $store, $this->bucket(), $this->settings->sealer(), $this->keys->current() );
	}

	/**
	 * The bucket's snapshots as summaries {id, parent, meta, verified, verification}, newest first
	 * (cached a few minutes, for the recovery key in force: another key lists afresh).
	 *
	 * @return list<array{id: string, parent: ?string, meta: array<string, mixed>, verified: bool, verification: ?string}>
	 */
	public function summaries(): array {
		$key    = $this->keys->current();
		$key_id = null === $key ? '' : $key->id();
		$cached = get_transient( self::LIST_CACHE );
		if ( is_array( $cached ) && ( $cached['key'] ?? null ) === $key_id && is_array( $cached['summaries'] ?? null ) ) {
			/**
			 * What summaries() stored.
			 *
			 * @var list<array{id: string, parent: ?string, meta: array<string, mixed>, verified: bool, verification: ?string}> $list
			 */
			$list = $cached['summaries'];
			return $list;
		}
		$catalog   = new OffsiteCatalog( $this->bucket(), $this->settings->sealer(), $key );
		$summaries = array();
		foreach ( $catalog->ids() as $id ) {
			$entry       = $catalog->inspect( $id );
			$summaries[] = self::summary( $entry->record ) + array(
				'verified'     => $entry->verification->verified,
				'verification' => $entry->verification->reason,
			);
		}
		set_transient(
			self::LIST_CACHE,
			array(
				'key'       => $key_id,
				'summaries' => $summaries,
			),
			5 * MINUTE_IN_SECONDS
		);
		return $summaries;
	}

	/**
	 * Forgets the cached list (after a copy or a deletion).
	 */
	public function forget_list(): void {
		delete_transient( self::LIST_CACHE );
	}

	/**
	 * Whether the bucket holds the snapshot (from the cached list).
	 *
	 * @param string $id A snapshot id.
	 */
	public function has( string $id ): bool {
		return $this->enabled() && in_array( $id, array_column( $this->summaries(), 'id' ), true );
	}

	/**
	 * A snapshot's record, read from the bucket and checked against its signature.
	 *
	 * @param string $id A snapshot id.
	 * @throws BackupNotVerified When this site's recovery key does not vouch for it.
	 */
	public function record( string $id ): SnapshotRecord {
		try {
			return ( new OffsiteCatalog( $this->bucket(), $this->settings->sealer(), $this->keys->current() ) )->load( $id );
		} catch ( RecordNotVerified $refused ) {
			throw new BackupNotVerified( $refused->reason );
		}
	}

	/**
	 * After a fetch: the snapshot counts as copied, so it is listed in both places and nothing of it is uploaded again.
	 *
	 * @param BackupStore $store The local store.
	 * @param string      $id    A snapshot id, now in $store.
	 */
	public function fetched( BackupStore $store, string $id ): void {
		$this->replicator( $store )->adopt( $id );
		$this->forget_list();
	}

	/**
	 * Brings an off-site-only snapshot into the local store in one go (WP-CLI, downloads).
	 *
	 * @param BackupStore $store The local store.
	 * @param string      $id    A snapshot id.
	 * @throws BackupNotVerified When this site's recovery key does not vouch for its record.
	 */
	public function fetch_all( BackupStore $store, string $id ): void {
		$fetcher = $this->fetcher( $store );
		$done    = 0;
		try {
			do {
				$progress = $fetcher->step( $id, $done, 30.0 );
				$done     = $progress->done;
			} while ( ! $progress->complete );
		} catch ( RecordNotVerified $refused ) {
			// Nothing of it was written into the store.
			throw new BackupNotVerified( $refused->reason );
		}
		$this->fetched( $store, $id );
	}

	/**
	 * Deletes a snapshot's record from the bucket (its objects go with the bucket's next sweep).
	 *
	 * @param string $id A snapshot id.
	 */
	public function forget_remote( string $id ): void {
		$layout = new OffsiteLayout( $this->settings->sealer() );
		$this->bucket()->delete( array( $layout->snapshotKey( $id ), $layout->signatureKey( $id ) ) );
		$this->forget_list();
	}

	/**
	 * A record as the engine's list() gives it.
	 *
	 * @param SnapshotRecord $record A snapshot record.
	 * @return array{id: string, parent: ?string, meta: array<string, mixed>}
	 */
	private static function summary( SnapshotRecord $record ): array {
		return array(
			'id'     => $record->id,
			'parent' => $record->parentId,
			'meta'   => $record->meta,
		);
	}
}
