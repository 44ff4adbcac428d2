<?php
/**
 * Objects on a real S3-compatible server.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use SiteBackups\Engine\Remote\S3\S3Exception;

// phpcs:disable WordPress.WP.AlternativeFunctions -- plain PHP files; WordPress is not loaded.

/**
 * Put, get, head, list and delete against the server of SITE_BACKUPS_TEST_S3_*.
 */
final class S3ObjectsTest extends S3TestCase {

	private const MIB = 1048576;

	/**
	 * 20 MB up and down through streams: the bytes survive and PHP's memory does not grow with them.
	 */
	public function test_a_20_mb_round_trip_in_constant_memory(): void {
		$size   = 20 * self::MIB;
		$source = $this->randomFile( $size );
		$target = $this->tempFile();
		$in     = fopen( $source, 'rb' );
		$out    = fopen( $target, 'wb' );
		self::assertIsResource( $in );
		self::assertIsResource( $out );

		memory_reset_peak_usage();
		$before  = memory_get_usage();
		$etag    = $this->client->putObject( 'backups/big.bin', $in, $size, array( 'Content-Type' => 'application/octet-stream' ) );
		$written = $this->client->getObject( 'backups/big.bin', $out );
		$growth  = memory_get_peak_usage() - $before;
		fclose( $in );
		fclose( $out );

		self::assertSame( $size, $written );
		self::assertSame( hash_file( 'sha256', $source ), hash_file( 'sha256', $target ) );
		self::assertSame( hash_file( 'md5', $source ), $etag );
		self::assertLessThan( 4 * self::MIB, $growth, 'PHP memory grew by ' . $growth . ' bytes for a ' . $size . '-byte object.' );
	}

	/**
	 * Twelve objects sent side by side, empty to 2 MiB (above the "100 Continue" threshold), each
	 * stored as sent, then fetched side by side with one key that does not exist.
	 */
	public function test_objects_side_by_side(): void {
		$bodies  = array( '', 'x' );
		$objects = array();
		for ( $n = 2; $n < 12; $n++ ) {
			$bodies[] = random_bytes( 1 === $n % 3 ? 2 * self::MIB : 1000 * $n );
		}
		foreach ( $bodies as $n => $body ) {
			$objects[] = array(
				'key'  => "side/$n",
				'body' => self::stream( $body ),
				'size' => strlen( $body ),
			);
		}

		$etags = $this->client->putObjects( $objects );

		self::assertSame( array_map( 'md5', $bodies ), $etags );
		$outs = array();
		foreach ( array_keys( $bodies ) as $n ) {
			$outs[] = array(
				'key' => "side/$n",
				'out' => self::stream( '' ),
			);
		}
		$outs[] = array(
			'key' => 'side/none',
			'out' => self::stream( '' ),
		);

		$written = $this->client->getObjects( $outs );

		$missing = array_pop( $written );
		self::assertInstanceOf( S3Exception::class, $missing );
		self::assertSame( 'NoSuchKey', $missing->errorCode );
		self::assertSame( array_map( 'strlen', $bodies ), $written );
		foreach ( $bodies as $n => $body ) {
			rewind( $outs[ $n ]['out'] );
			self::assertSame( $body, stream_get_contents( $outs[ $n ]['out'] ), "Object $n" );
		}
	}

	/**
	 * Ranges of several objects side by side, each only the bytes asked for, whole objects beside them.
	 */
	public function test_ranges_side_by_side(): void {
		$data = random_bytes( 300000 );
		$this->put( 'ranges/a', $data );
		$this->put( 'ranges/b', $data );
		$asked = array(
			array( 'key' => 'ranges/a', 'out' => self::stream( '' ), 'from' => 0, 'to' => 0 ),
			array( 'key' => 'ranges/a', 'out' => self::stream( '' ), 'from' => 123456, 'to' => 234567 ),
			array( 'key' => 'ranges/b', 'out' => self::stream( '' ), 'from' => 299000 ),
			array( 'key' => 'ranges/b', 'out' => self::stream( '' ) ),
		);

		$written = $this->client->getObjects( $asked );

		self::assertSame( array( 1, 111112, 1000, 300000 ), $written );
		self::assertSame( $data[0], stream_get_contents( $asked[0]['out'], -1, 0 ) );
		self::assertSame( substr( $data, 123456, 111112 ), stream_get_contents( $asked[1]['out'], -1, 0 ) );
		self::assertSame( substr( $data, 299000 ), stream_get_contents( $asked[2]['out'], -1, 0 ) );
		self::assertSame( $data, stream_get_contents( $asked[3]['out'], -1, 0 ) );
	}

	/**
	 * Byte ranges, inclusive at both ends, and an open-ended one.
	 */
	public function test_ranged_get(): void {
		$data = random_bytes( 1000 );
		$this->put( 'r', $data );

		self::assertSame( substr( $data, 100, 100 ), $this->get( 'r', 100, 199 ) );
		self::assertSame( substr( $data, 900 ), $this->get( 'r', 900 ) );
		self::assertSame( $data[0], $this->get( 'r', 0, 0 ) );
		self::assertSame( substr( $data, 0, 10 ), $this->get( 'r', null, 9 ) );
		self::assertSame( $data, $this->get( 'r', 0, 5000 ), 'A range past the end is cut to the object.' );
	}

	/**
	 * HEAD gives size, ETag, date, type and metadata; a missing key gives null.
	 */
	public function test_head(): void {
		$etag = $this->client->putObject(
			'h/one',
			self::stream( 'hello' ),
			5,
			array(
				'Content-Type'        => 'text/plain',
				'x-amz-meta-snapshot' => '2024-06-01T02:00:00Z',
			)
		);

		$head = $this->client->headObject( 'h/one' );

		self::assertNotNull( $head );
		self::assertSame( 5, $head['size'] );
		self::assertSame( md5( 'hello' ), $head['etag'] );
		self::assertSame( $etag, $head['etag'] );
		self::assertSame( 'text/plain', $head['contentType'] );
		self::assertSame( array( 'snapshot' => '2024-06-01T02:00:00Z' ), $head['metadata'] );
		self::assertEqualsWithDelta( time(), $head['lastModified'], 300 );
		self::assertNull( $this->client->headObject( 'h/missing' ) );
		self::assertNull( $this->client->headObject( 'h' ) );
	}

	/**
	 * More than 1000 keys come back in order through several ListObjectsV2 pages.
	 */
	public function test_listing_across_pages(): void {
		$objects = array(
			'other/x' => 'x',
			'many'    => 'not under many/',
		);
		for ( $i = 0; $i < 1005; $i++ ) {
			$objects[ sprintf( 'many/%04d', $i ) ] = (string) $i;
		}
		BulkUpload::put( $this->config, $objects );
		$expected = array_slice( array_keys( $objects ), 2 );

		$listed = array();
		$sizes  = 0;
		foreach ( $this->client->listObjects( 'many/' ) as $object ) {
			$listed[] = $object['key'];
			$sizes   += $object['size'];
			self::assertSame( md5( (string) (int) substr( $object['key'], 5 ) ), $object['etag'] );
		}

		self::assertSame( $expected, $listed );
		self::assertSame( 10 + 90 * 2 + 900 * 3 + 5 * 4, $sizes );
		self::assertSame( $expected, array_column( iterator_to_array( $this->client->listObjects( 'many/', 400 ), false ), 'key' ) );
		foreach ( $this->client->listObjects( 'many/', 2 ) as $object ) {
			// Stopping early fetches no further page.
			self::assertSame( 'many/0000', $object['key'] );
			break;
		}
		self::assertCount( 1007, $this->keys() );
	}

	/**
	 * Multi-object delete removes what it names; a key that does not exist counts as deleted.
	 */
	public function test_delete_objects(): void {
		foreach ( array( 'd/1', 'd/2', 'd/3', 'd/4', 'd/5' ) as $key ) {
			$this->put( $key, $key );
		}

		$failed = $this->client->deleteObjects( array( 'd/1', 'd/3', 'd/5', 'd/never-was' ) );

		self::assertSame( array(), $failed );
		self::assertSame( array( 'd/2', 'd/4' ), $this->keys( 'd/' ) );
		$this->client->deleteObject( 'd/2' );
		$this->client->deleteObject( 'd/2' );
		self::assertSame( array( 'd/4' ), $this->keys( 'd/' ) );
		self::assertSame( array(), $this->client->deleteObjects( array() ) );
	}

	/**
	 * Keys that need encoding survive the trip to the server and back, in listings too.
	 */
	public function test_keys_that_need_encoding(): void {
		$keys = array( 'a b/c+d~e', 'café/日本.txt', 'x/../y', 'x/./z', 'sp  ace', 'percent%20sign', 'q?u=e&r#y', "quote'\"", 'a//b' );
		foreach ( $keys as $key ) {
			$this->put( $key, 'content of ' . $key );
		}

		foreach ( $keys as $key ) {
			self::assertSame( 'content of ' . $key, $this->get( $key ), $key );
			self::assertNotNull( $this->client->headObject( $key ), $key );
		}
		$sorted = $keys;
		sort( $sorted, SORT_STRING );
		self::assertSame( $sorted, $this->keys() );
		self::assertSame( array(), $this->client->deleteObjects( $keys ) );
		self::assertSame( array(), $this->keys() );
	}

	/**
	 * A stream that cannot seek goes up as UNSIGNED-PAYLOAD, which the server accepts.
	 */
	public function test_a_stream_that_cannot_seek(): void {
		$this->client->putObject( 'pipe', OneWayStream::open( 300000 ), 300000 );

		self::assertSame( OneWayStream::content( 300000 ), $this->get( 'pipe' ) );
	}

	/**
	 * Zero bytes are an object too.
	 */
	public function test_an_empty_object(): void {
		self::assertSame( md5( '' ), $this->put( 'empty', '' ) );

		self::assertSame( '', $this->get( 'empty' ) );
		self::assertSame( 0, $this->client->headObject( 'empty' )['size'] ?? null );
	}
}
