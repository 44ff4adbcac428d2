<?php
/**
 * Reading S3 error documents and writing request documents.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Remote\S3\S3Exception;
use SiteBackups\Engine\Remote\S3\S3Xml;


// phpcs:disable WordPress.NamingConventions.ValidVariableName.UsedPropertyNotSnakeCase -- the engine's properties are PSR-12 camelCase.
/**
 * The XML S3 sends and expects.
 */
final class S3XmlTest extends TestCase {

	/**
	 * AWS's own error document, with its declaration and extra fields.
	 */
	public function test_error_document(): void {
		$xml = '<?xml version="1.0" encoding="UTF-8"?>' . "\n"
			. '<Error><Code>NoSuchKey</Code><Message>The resource you requested does not exist</Message>'
			. '<Resource>/mybucket/myfoto.jpg</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>';

		self::assertSame(
			array(
				'code'      => 'NoSuchKey',
				'message'   => 'The resource you requested does not exist',
				'requestId' => '4442587FB7D0A2F9',
			),
			S3Xml::error( $xml )
		);
	}

	/**
	 * Leading whitespace (S3 pads a long CompleteMultipartUpload with spaces) and no declaration.
	 */
	public function test_error_document_after_keep_alive_spaces(): void {
		$error = S3Xml::error( "   \n  <Error>\n<Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>" );

		self::assertNotNull( $error );
		self::assertSame( 'InternalError', $error['code'] );
		self::assertSame( '', $error['requestId'] );
	}

	/**
	 * Documents that are not errors, or not XML at all, are not taken for errors.
	 */
	public function test_other_documents_are_not_errors(): void {
		self::assertNull( S3Xml::error( '' ) );
		self::assertNull( S3Xml::error( '<html><body>502 Bad Gateway</body></html>' ) );
		self::assertNull( S3Xml::error( '<?xml version="1.0"?><CompleteMultipartUploadResult><ETag>"x"</ETag></CompleteMultipartUploadResult>' ) );
		self::assertNull( S3Xml::error( '<ErrorDocument/>' ) );
		self::assertNull( S3Xml::error( '<Error><Code>broken' ) );
	}

	/**
	 * Elements of S3's default namespace are read by plain names.
	 */
	public function test_parse_reads_namespaced_documents(): void {
		$page = S3Xml::parse(
			'<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
			. '<IsTruncated>true</IsTruncated><NextContinuationToken>t1</NextContinuationToken>'
			. '<Contents><Key>a</Key><Size>3</Size><ETag>&quot;e1&quot;</ETag></Contents></ListBucketResult>'
		);

		self::assertTrue( S3Xml::isTrue( $page->IsTruncated ) );
		self::assertSame( 't1', (string) $page->NextContinuationToken );
		self::assertSame( 'e1', S3Xml::etag( (string) $page->Contents[0]->ETag ) );
	}

	/**
	 * A broken response is a clear S3Exception, not a PHP warning.
	 */
	public function test_parse_refuses_broken_xml(): void {
		try {
			S3Xml::parse( '<ListBucketResult><Contents>' );
			self::fail( 'Broken XML was accepted.' );
		} catch ( S3Exception $e ) {
			self::assertSame( 'MalformedResponse', $e->errorCode );
			self::assertStringContainsString( 'not valid XML', $e->getMessage() );
		}
	}

	/**
	 * An external entity is never fetched.
	 */
	public function test_parse_loads_no_external_entity(): void {
		$secret_file = tempnam( sys_get_temp_dir(), 'sb-xxe' );
		file_put_contents( $secret_file, 'top secret' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_file_put_contents -- a local temp file.

		$document = S3Xml::parse( '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://' . $secret_file . '">]><r><v>&x;</v></r>' );
		unlink( $secret_file );

		self::assertStringNotContainsString( 'top secret', (string) $document->v );
	}

	/**
	 * Keys are escaped in the Delete document, which asks for quiet mode.
	 */
	public function test_delete_request(): void {
		self::assertSame(
			'<?xml version="1.0" encoding="UTF-8"?>' . "\n" . '<Delete><Quiet>true</Quiet>'
			. '<Object><Key>a&amp;b</Key></Object><Object><Key>&lt;c&gt; &quot;d&quot; &apos;e&apos;</Key></Object></Delete>',
			S3Xml::deleteRequest( array( 'a&b', '<c> "d" \'e\'' ) )
		);
	}

	/**
	 * Parts are listed with quoted ETags, whether they came quoted or not.
	 */
	public function test_complete_request(): void {
		self::assertSame(
			'<?xml version="1.0" encoding="UTF-8"?>' . "\n" . '<CompleteMultipartUpload>'
			. '<Part><PartNumber>1</PartNumber><ETag>"aa"</ETag></Part>'
			. '<Part><PartNumber>2</PartNumber><ETag>"bb"</ETag></Part></CompleteMultipartUpload>',
			S3Xml::completeRequest(
				array(
					array( 1, '"aa"' ),
					array( 2, 'bb' ),
				)
			)
		);
	}

	/**
	 * Listed keys in url encoding: "%2B" is a plus, "+" and "%20" are spaces (AWS and Swift differ).
	 */
	public function test_url_encoded_keys(): void {
		$page = S3Xml::parse( '<r><Key>a+b%20c%2Bd%2F%C3%A9</Key><Plain>a+b</Plain></r>' );

		self::assertSame( 'a b c+d/é', S3Xml::key( $page->Key, true ) );
		self::assertSame( 'a+b', S3Xml::key( $page->Plain, false ) );
	}
}
