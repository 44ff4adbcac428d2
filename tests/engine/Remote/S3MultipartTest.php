<?php
/**
 * Multipart uploads on a real S3-compatible server.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use SiteBackups\Engine\Remote\S3\S3Client;
use SiteBackups\Engine\Remote\S3\S3Exception;

// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.
// phpcs:disable WordPress.WP.AlternativeFunctions -- plain PHP files; WordPress is not loaded.

/**
 * Uploads in parts, resumed by a new client after a "crash", completed and aborted.
 */
final class S3MultipartTest extends S3TestCase {

	private const PART = 5242880;

	/**
	 * Three parts (5 MiB, 5 MiB, 2 MiB) cut from one file handle; the first
	 * client dies after two, a new one finds the upload, checks the parts the
	 * server holds against the file, sends the third and completes.
	 */
	public function test_three_parts_resumed_after_a_crash(): void {
		$size = 2 * self::PART + 2097152;
		$file = $this->randomFile( $size );
		$key  = 'backups/site.zip';

		$first = new S3Client( $this->config );
		$id    = $first->createMultipartUpload( $key, array( 'Content-Type' => 'application/zip' ) );
		$in    = fopen( $file, 'rb' );
		self::assertIsResource( $in );
		$first->uploadPart( $key, $id, 1, $in, self::PART );
		// The file handle moved on by exactly one part: part 2 follows from there.
		self::assertSame( self::PART, ftell( $in ) );
		$first->uploadPart( $key, $id, 2, $in, self::PART );
		fclose( $in );
		unset( $first );

		$resumed = new S3Client( $this->config );
		$uploads = iterator_to_array( $resumed->listMultipartUploads( 'backups/' ), false );
		self::assertCount( 1, $uploads );
		self::assertSame( $key, $uploads[0]['key'] );
		self::assertSame( $id, $uploads[0]['uploadId'] );
		$parts = $resumed->listParts( $key, $id );
		self::assertSame( array( 1, 2 ), array_column( $parts, 'partNumber' ) );
		$in = fopen( $file, 'rb' );
		self::assertIsResource( $in );
		foreach ( $parts as $part ) {
			self::assertSame( self::PART, $part['size'] );
			fseek( $in, ( $part['partNumber'] - 1 ) * self::PART );
			self::assertSame( md5( (string) fread( $in, self::PART ) ), $part['etag'], 'Part ' . $part['partNumber'] );
		}
		fseek( $in, 2 * self::PART );
		$third = $resumed->uploadPart( $key, $id, 3, $in, $size - 2 * self::PART );
		fclose( $in );
		$list   = array_map( static fn( array $part ): array => array( $part['partNumber'], $part['etag'] ), $parts );
		$list[] = array( 3, $third );

		$etag = $resumed->completeMultipartUpload( $key, $id, $list );

		$digests = '';
		foreach ( $list as $part ) {
			$digests .= md5( (string) file_get_contents( $file, false, null, ( $part[0] - 1 ) * self::PART, self::PART ), true );
		}
		self::assertSame( md5( $digests ) . '-3', $etag, 'The ETag of a multipart object is the MD5 of its parts\' MD5s.' );
		$head = $resumed->headObject( $key );
		self::assertNotNull( $head );
		self::assertSame( $size, $head['size'] );
		self::assertSame( 'application/zip', $head['contentType'] );
		$copy = $this->tempFile();
		$out  = fopen( $copy, 'wb' );
		self::assertIsResource( $out );
		self::assertSame( $size, $resumed->getObject( $key, $out ) );
		fclose( $out );
		self::assertSame( hash_file( 'sha256', $file ), hash_file( 'sha256', $copy ) );
		self::assertSame( array(), iterator_to_array( $resumed->listMultipartUploads(), false ) );
	}

	/**
	 * An aborted upload is gone: not listed, its parts unknown, aborting again is harmless.
	 */
	public function test_abort(): void {
		$id = $this->client->createMultipartUpload( 'dropped' );
		$this->client->uploadPart( 'dropped', $id, 1, self::stream( 'some bytes' ), 10 );
		$kept = $this->client->createMultipartUpload( 'kept' );

		$this->client->abortMultipartUpload( 'dropped', $id );
		$this->client->abortMultipartUpload( 'dropped', $id );

		self::assertSame( array( $kept ), array_column( iterator_to_array( $this->client->listMultipartUploads(), false ), 'uploadId' ) );
		try {
			$this->client->listParts( 'dropped', $id );
			self::fail( 'The parts of an aborted upload were listed.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'NoSuchUpload', $e->errorCode );
			self::assertStringContainsString( 'no longer exists', $e->getMessage() );
		}
		self::assertNull( $this->client->headObject( 'dropped' ) );
	}

	/**
	 * Parts under 5 MiB (but the last) and parts the server never received are refused at completion.
	 */
	public function test_completion_is_checked(): void {
		$id    = $this->client->createMultipartUpload( 'small' );
		$one   = $this->client->uploadPart( 'small', $id, 1, self::stream( 'first' ), 5 );
		$two   = $this->client->uploadPart( 'small', $id, 2, self::stream( 'second' ), 6 );
		$cases = array(
			'EntityTooSmall' => array( array( 1, $one ), array( 2, $two ) ),
			'InvalidPart'    => array( array( 1, $one ), array( 2, md5( 'not sent' ) ) ),
		);

		foreach ( $cases as $code => $parts ) {
			try {
				$this->client->completeMultipartUpload( 'small', $id, $parts );
				self::fail( 'Completed with ' . $code );
			} catch ( S3Exception $e ) {
				self::assertSame( $code, $e->errorCode );
				self::assertSame( 400, $e->httpStatus );
				self::assertStringContainsString( 'refused to complete the upload of small', $e->getMessage() );
			}
		}
	}
}
