<?php
/**
 * Signature Version 4 against the examples AWS publishes for S3.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use DateTimeImmutable;
use DateTimeZone;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Remote\S3\Secret;
use SiteBackups\Engine\Remote\S3\SigV4Signer;
use SiteBackups\Engine\Remote\S3\UriEncoder;

/**
 * The four header-signing examples of "Signature Calculations for the
 * Authorization Header: Transferring Payload in a Single Chunk" (examplebucket,
 * us-east-1, 20130524T000000Z), with their intermediate values where AWS gives them.
 */
final class SigV4SignerTest extends TestCase {

	private const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
	private const SECRET     = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
	private const HOST       = 'examplebucket.s3.amazonaws.com';
	private const CREDENTIAL = 'Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request';

	/**
	 * The signer with the example credentials.
	 */
	private static function signer(): SigV4Signer {
		return new SigV4Signer( self::ACCESS_KEY, new Secret( self::SECRET ), 'us-east-1' );
	}

	/**
	 * The example's moment.
	 */
	private static function at(): DateTimeImmutable {
		return new DateTimeImmutable( '2013-05-24T00:00:00Z' );
	}

	/**
	 * Example "GET Object": a signed Range header and the hash of the empty body.
	 */
	public function test_get_object_with_range(): void {
		$headers = self::signer()->sign(
			'GET',
			'/test.txt',
			array(),
			array(
				'Host'  => self::HOST,
				'Range' => 'bytes=0-9',
			),
			SigV4Signer::EMPTY_PAYLOAD,
			self::at()
		);

		self::assertSame(
			'AWS4-HMAC-SHA256 ' . self::CREDENTIAL . ',SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,'
			. 'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
			$headers['authorization']
		);
		self::assertSame( '20130524T000000Z', $headers['x-amz-date'] );
		self::assertSame( SigV4Signer::EMPTY_PAYLOAD, $headers['x-amz-content-sha256'] );
	}

	/**
	 * The intermediate values AWS gives for "GET Object".
	 */
	public function test_get_object_canonical_request_and_string_to_sign(): void {
		$canonical = self::signer()->canonicalRequest(
			'GET',
			'/test.txt',
			array(),
			array(
				'host'                 => self::HOST,
				'range'                => 'bytes=0-9',
				'x-amz-content-sha256' => SigV4Signer::EMPTY_PAYLOAD,
				'x-amz-date'           => '20130524T000000Z',
			),
			SigV4Signer::EMPTY_PAYLOAD
		);

		self::assertSame(
			"GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
			. 'x-amz-content-sha256:' . SigV4Signer::EMPTY_PAYLOAD . "\nx-amz-date:20130524T000000Z\n\n"
			. "host;range;x-amz-content-sha256;x-amz-date\n" . SigV4Signer::EMPTY_PAYLOAD,
			$canonical
		);
		self::assertSame(
			"AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
			. '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
			self::signer()->stringToSign( $canonical, self::at() )
		);
	}

	/**
	 * Example "PUT Object": the key's "$" is encoded once, the payload hash is signed.
	 */
	public function test_put_object_with_a_dollar_in_the_key(): void {
		$payload = hash( 'sha256', 'Welcome to Amazon S3.' );
		self::assertSame( '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072', $payload );
		$headers = array(
			'Host'                => self::HOST,
			'Date'                => 'Fri, 24 May 2013 00:00:00 GMT',
			'x-amz-storage-class' => 'REDUCED_REDUNDANCY',
		);
		$path    = '/' . UriEncoder::path( 'test$file.text' );

		$signed    = self::signer()->sign( 'PUT', $path, array(), $headers, $payload, self::at() );
		$canonical = self::signer()->canonicalRequest(
			'PUT',
			$path,
			array(),
			array_diff_key( $signed, array( 'authorization' => true ) ),
			$payload
		);

		self::assertSame( '/test%24file.text', $path );
		self::assertSame( '9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d', hash( 'sha256', $canonical ) );
		self::assertSame(
			'AWS4-HMAC-SHA256 ' . self::CREDENTIAL
			. ',SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,'
			. 'Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
			$signed['authorization']
		);
	}

	/**
	 * Example "GET Bucket Lifecycle": ?lifecycle is signed as "lifecycle=".
	 */
	public function test_get_bucket_lifecycle_signs_a_bare_parameter_as_name_equals(): void {
		$signed    = self::signer()->sign( 'GET', '/', array( 'lifecycle' => '' ), array( 'Host' => self::HOST ), SigV4Signer::EMPTY_PAYLOAD, self::at() );
		$canonical = self::signer()->canonicalRequest(
			'GET',
			'/',
			array( 'lifecycle' => '' ),
			array_diff_key( $signed, array( 'authorization' => true ) ),
			SigV4Signer::EMPTY_PAYLOAD
		);

		self::assertStringStartsWith( "GET\n/\nlifecycle=\n", $canonical );
		self::assertSame(
			'9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca',
			substr( self::signer()->stringToSign( $canonical, self::at() ), -64 )
		);
		self::assertSame(
			'AWS4-HMAC-SHA256 ' . self::CREDENTIAL . ',SignedHeaders=host;x-amz-content-sha256;x-amz-date,'
			. 'Signature=fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
			$signed['authorization']
		);
	}

	/**
	 * Example "Get Bucket (List Objects)": parameters given out of order are sorted.
	 */
	public function test_get_bucket_list_objects_sorts_the_query(): void {
		$signed = self::signer()->sign(
			'GET',
			'/',
			array(
				'prefix'   => 'J',
				'max-keys' => '2',
			),
			array( 'Host' => self::HOST ),
			SigV4Signer::EMPTY_PAYLOAD,
			self::at()
		);

		self::assertSame(
			'AWS4-HMAC-SHA256 ' . self::CREDENTIAL . ',SignedHeaders=host;x-amz-content-sha256;x-amz-date,'
			. 'Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
			$signed['authorization']
		);
	}

	/**
	 * The date is the UTC one even when the clock gives another time zone.
	 */
	public function test_the_moment_is_taken_in_utc_whatever_the_time_zone(): void {
		$paris = new DateTimeImmutable( '2013-05-24 02:00:00', new DateTimeZone( 'Europe/Paris' ) );

		$signed = self::signer()->sign( 'GET', '/test.txt', array(), array( 'Host' => self::HOST, 'Range' => 'bytes=0-9' ), SigV4Signer::EMPTY_PAYLOAD, $paris ); // phpcs:ignore WordPress.Arrays.ArrayDeclarationSpacing.AssociativeArrayFound -- same request as the AWS example.

		self::assertSame( '20130524T000000Z', $signed['x-amz-date'] );
		self::assertStringEndsWith( 'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41', $signed['authorization'] );
	}

	/**
	 * Canonical headers: lower-case names, trimmed values, runs of spaces collapsed.
	 */
	public function test_header_names_are_lower_cased_values_trimmed_and_inner_spaces_collapsed(): void {
		$canonical = self::signer()->canonicalRequest(
			'put',
			'/k',
			array(),
			array(
				'X-Amz-Meta-Note' => "  two   words\tand  more  ",
				'Host'            => 'h',
				'Content-Type'    => 'text/plain',
			),
			SigV4Signer::UNSIGNED_PAYLOAD
		);

		self::assertSame(
			"PUT\n/k\n\ncontent-type:text/plain\nhost:h\nx-amz-meta-note:two words and more\n\n"
			. "content-type;host;x-amz-meta-note\nUNSIGNED-PAYLOAD",
			$canonical
		);
	}

	/**
	 * The payload hash is part of what is signed.
	 */
	public function test_a_different_payload_hash_gives_a_different_signature(): void {
		$one = self::signer()->sign( 'PUT', '/k', array(), array( 'Host' => 'h' ), str_repeat( 'a', 64 ), self::at() );
		$two = self::signer()->sign( 'PUT', '/k', array(), array( 'Host' => 'h' ), str_repeat( 'b', 64 ), self::at() );

		self::assertNotSame( $one['authorization'], $two['authorization'] );
	}
}
