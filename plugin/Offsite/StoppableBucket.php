<?php
/**
 * The bucket, as a copy that may have to make way sees it.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- messages are plain text for job records, REST JSON, WP-CLI and e-mail (HTML entities would show there as they are); what prints one as HTML escapes it then.

namespace SiteBackups\Offsite;

use Closure;
use SiteBackups\Engine\Offsite\Bucket;
use SiteBackups\Engine\Offsite\OffsiteLayout;

/**
 * Before each upload (one object, or one batch of packs side by side) asks whether to stop, and
 * throws CopyStopped if so: the engine marks each object once its pack and the pack's index are
 * uploaded, so stopping between uploads loses nothing, and the copy stops within one batch
 * instead of at the end of its step. The indexes of packs just sent always follow them.
 */
final class StoppableBucket implements Bucket {

	/**
	 * Wraps the bucket.
	 *
	 * @param Bucket  $bucket The bucket.
	 * @param Closure $stop   Whether to stop now (returns a bool).
	 */
	public function __construct(
		private readonly Bucket $bucket,
		private readonly Closure $stop
	) {
	}

	/**
	 * Uploads one object, unless the copy must stop.
	 *
	 * @param string   $key  Key under the prefix.
	 * @param resource $body Seekable body.
	 * @param int      $size Bytes.
	 */
	public function put( string $key, $body, int $size ): void {
		$this->stop_if_asked();
		$this->bucket->put( $key, $body, $size );
	}

	/**
	 * Uploads objects side by side, unless the copy must stop.
	 *
	 * @param list<array{key: string, body: resource, size: int}> $objects Bodies as for put().
	 * @return list<\SiteBackups\Engine\Offsite\OffsiteException|null>
	 */
	public function putAll( array $objects ): array {
		$indexes = array_filter( $objects, static fn ( array $o ): bool => str_starts_with( $o['key'], OffsiteLayout::INDEXES ) );
		if ( count( $indexes ) !== count( $objects ) ) {
			$this->stop_if_asked();
		}
		return $this->bucket->putAll( $objects );
	}

	/**
	 * Downloads one object.
	 *
	 * @param string   $key Key under the prefix.
	 * @param resource $out Receives the bytes.
	 */
	public function get( string $key, $out ): int {
		return $this->bucket->get( $key, $out );
	}

	/**
	 * Downloads objects side by side.
	 *
	 * @param list<array{key: string, out: resource, from?: int, to?: int}> $objects Streams that can be emptied; whole objects or the bytes from..to.
	 * @return list<int|\SiteBackups\Engine\Offsite\OffsiteException>
	 */
	public function getAll( array $objects ): array {
		return $this->bucket->getAll( $objects );
	}

	/**
	 * Whether the key is there.
	 *
	 * @param string $key Key under the prefix.
	 */
	public function exists( string $key ): bool {
		return $this->bucket->exists( $key );
	}

	/**
	 * Deletes keys.
	 *
	 * @param string[] $keys Keys under the prefix.
	 * @phpstan-param list<string> $keys
	 */
	public function delete( array $keys ): void {
		$this->bucket->delete( $keys );
	}

	/**
	 * Every key under a prefix, with its size.
	 *
	 * @param string $prefix Under the bucket's prefix.
	 * @return \Generator<string, int>
	 */
	public function list( string $prefix ): \Generator {
		return $this->bucket->list( $prefix );
	}

	/**
	 * Aborts unfinished uploads in parts.
	 */
	public function abortUnfinished(): int {
		return $this->bucket->abortUnfinished();
	}

	/**
	 * Where the copies are, for messages.
	 */
	public function describe(): string {
		return $this->bucket->describe();
	}

	/**
	 * Throws when the copy must make way.
	 *
	 * @throws CopyStopped When asked to stop.
	 */
	private function stop_if_asked(): void {
		if ( ( $this->stop )() ) {
			throw new CopyStopped( 'The copy made way for another job.' );
		}
	}
}
