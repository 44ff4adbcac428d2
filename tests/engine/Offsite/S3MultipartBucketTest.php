<?php
/**
 * Large objects go to the bucket in parts, and an interrupted upload resumes.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use SiteBackups\Engine\Offsite\MultipartPut;
use SiteBackups\Engine\Offsite\S3Bucket;
use SiteBackups\Tests\Engine\Remote\S3TestCase;

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.
// phpcs:disable WordPress.WP.AlternativeFunctions -- plain PHP files; WordPress is not loaded.

/**
 * On the stack's real S3-compatible server, with parts of the smallest size S3 allows so the
 * objects stay small: 12 MiB in parts of 5, 5 and 2 MiB.
 */
final class S3MultipartBucketTest extends S3TestCase {

	private const PART = MultipartPut::MIN_PART_BYTES;
	private const SIZE = 2 * self::PART + 2097152;
	private const KEY  = 'objects/ab/large';

	/**
	 * Above the threshold an object goes in parts; below it in one PUT.
	 */
	public function test_a_large_object_goes_in_parts_a_small_one_in_one_put(): void {
		$bucket = new S3Bucket( $this->client, 'site', self::PART, self::PART );
		$file   = $this->randomFile( self::SIZE );

		$this->putFile( $bucket, 'objects/ab/large', $file );
		$this->putFile( $bucket, 'objects/cd/small', $this->randomFile( self::PART ) );

		$large = $this->client->headObject( 'site/objects/ab/large' );
		self::assertNotNull( $large );
		self::assertStringEndsWith( '-3', $large['etag'], 'Three parts' );
		self::assertSame( md5_file( $file ), md5( $this->get( 'site/objects/ab/large' ) ) );
		$small = $this->client->headObject( 'site/objects/cd/small' );
		self::assertNotNull( $small );
		self::assertStringNotContainsString( '-', $small['etag'], 'One PUT' );
		self::assertSame( array(), iterator_to_array( $this->client->listMultipartUploads(), false ), 'No upload is left open' );
	}

	/**
	 * A crash after the first part: the next attempt finds the upload, keeps the part the server
	 * holds, sends the other two, and aborts an older abandoned upload of the same key.
	 */
	public function test_an_upload_cut_after_one_part_resumes_from_the_parts_held(): void {
		$file  = $this->randomFile( self::SIZE );
		$older = $this->client->createMultipartUpload( self::KEY );
		$cut   = $this->client->createMultipartUpload( self::KEY );
		$in    = fopen( $file, 'rb' );
		self::assertIsResource( $in );
		$this->client->uploadPart( self::KEY, $cut, 1, $in, self::PART );
		fclose( $in );

		$sent = $this->multipartPut( $file );

		self::assertSame( 2, $sent, 'Only the parts the server did not hold' );
		self::assertSame( md5_file( $file ), md5( $this->get( self::KEY ) ) );
		self::assertSame( array(), iterator_to_array( $this->client->listMultipartUploads(), false ), "The cut upload was completed and the older one ($older) aborted" );
	}

	/**
	 * A held part with other bytes (an encrypted object differs at every attempt) is sent again,
	 * never joined into the object.
	 */
	public function test_a_held_part_with_other_bytes_is_sent_again(): void {
		$file  = $this->randomFile( self::SIZE );
		$stale = $this->randomFile( self::PART );
		$cut   = $this->client->createMultipartUpload( self::KEY );
		$in    = fopen( $stale, 'rb' );
		self::assertIsResource( $in );
		$this->client->uploadPart( self::KEY, $cut, 1, $in, self::PART );
		fclose( $in );

		self::assertSame( 3, $this->multipartPut( $file ) );
		self::assertSame( md5_file( $file ), md5( $this->get( self::KEY ) ) );
	}

	/**
	 * Retention aborts the unfinished uploads under the site's prefix, and only those.
	 */
	public function test_unfinished_uploads_under_the_prefix_are_aborted(): void {
		$this->client->createMultipartUpload( 'site/' . self::KEY );
		$this->client->createMultipartUpload( 'site/snapshots/one' );
		$other = $this->client->createMultipartUpload( 'other-site/' . self::KEY );

		self::assertSame( 2, ( new S3Bucket( $this->client, 'site' ) )->abortUnfinished() );

		$left = iterator_to_array( $this->client->listMultipartUploads(), false );
		self::assertSame( array( $other ), array_column( $left, 'uploadId' ) );
	}

	/**
	 * Parts smaller than S3 allows are refused before anything is sent.
	 */
	public function test_parts_below_5_mib_are_refused(): void {
		$this->expectException( \InvalidArgumentException::class );
		new MultipartPut( $this->client, self::PART - 1 );
	}

	/**
	 * Sends a file in parts of 5 MiB.
	 *
	 * @param string $file The file.
	 * @return int Parts sent.
	 */
	private function multipartPut( string $file ): int {
		$in = fopen( $file, 'rb' );
		self::assertIsResource( $in );
		try {
			return ( new MultipartPut( $this->client, self::PART ) )->put( self::KEY, $in, (int) filesize( $file ) );
		} finally {
			fclose( $in );
		}
	}

	/**
	 * Puts a file through the bucket.
	 *
	 * @param S3Bucket $bucket The bucket.
	 * @param string   $key    Key under the bucket's prefix.
	 * @param string   $file   The file.
	 */
	private function putFile( S3Bucket $bucket, string $key, string $file ): void {
		$in = fopen( $file, 'rb' );
		self::assertIsResource( $in );
		try {
			$bucket->put( $key, $in, (int) filesize( $file ) );
		} finally {
			fclose( $in );
		}
	}
}
