<?php
/**
 * The S3 secret stays out of every dump, export, serialization and message.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

use DateTimeImmutable;
use LogicException;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Remote\S3\S3Config;
use SiteBackups\Engine\Remote\S3\Secret;
use SiteBackups\Engine\Remote\S3\SigV4Signer;
use Throwable;

// phpcs:disable WordPress.PHP.DevelopmentFunctions, WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize -- dumping and serializing is what is tested.

/**
 * Every way PHP has to show an object, tried on what holds the secret.
 */
final class SecretTest extends TestCase {

	private const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

	/**
	 * Everything PHP prints about a value.
	 *
	 * @param mixed $value What to show.
	 */
	private static function shown( mixed $value ): string {
		ob_start();
		var_dump( $value );
		$text  = (string) ob_get_clean();
		$text .= print_r( $value, true );
		$text .= var_export( $value, true );
		$text .= (string) json_encode( $value ); // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode -- plain PHP.
		$text .= print_r( (array) $value, true );
		if ( $value instanceof \Stringable ) {
			$text .= (string) $value;
		}

		return $text;
	}

	/**
	 * A configuration with the secret.
	 */
	private static function config(): S3Config {
		return new S3Config( 'http://127.0.0.1:8886', 'us-east-1', 'site-backups', 'AKIAIOSFODNN7EXAMPLE', self::SECRET );
	}

	/**
	 * The secret itself, the configuration and a signer that has signed (and cached its key).
	 */
	public function test_dumps_never_show_the_secret(): void {
		$signer = new SigV4Signer( 'AKIAIOSFODNN7EXAMPLE', new Secret( self::SECRET ), 'us-east-1' );
		$signer->sign( 'GET', '/', array(), array( 'host' => 'h' ), SigV4Signer::EMPTY_PAYLOAD, new DateTimeImmutable( '2013-05-24T00:00:00Z' ) );
		$signing_key = hash_hmac( 'sha256', 'aws4_request', hash_hmac( 'sha256', 's3', hash_hmac( 'sha256', 'us-east-1', hash_hmac( 'sha256', '20130524', 'AWS4' . self::SECRET, true ), true ), true ), true );

		foreach ( array( new Secret( self::SECRET ), self::config(), $signer, array( 'nested' => self::config() ) ) as $value ) {
			$shown = self::shown( $value );
			self::assertStringNotContainsString( self::SECRET, $shown );
			self::assertStringNotContainsString( 'wJalrXUtnFEMI', $shown );
			self::assertStringNotContainsString( $signing_key, $shown );
		}
		self::assertStringContainsString( 'AKIAIOSFODNN7EXAMPLE', self::shown( self::config() ) );
		self::assertSame( self::SECRET, self::config()->secret()->reveal() );
	}

	/**
	 * Serializing refuses, and says why without the secret.
	 */
	public function test_serialization_is_refused(): void {
		$signer = new SigV4Signer( 'k', new Secret( self::SECRET ), 'us-east-1' );
		foreach ( array( new Secret( self::SECRET ), self::config(), $signer ) as $value ) {
			try {
				serialize( $value );
				self::fail( 'Serialized a ' . get_class( $value ) );
			} catch ( LogicException $e ) {
				self::assertStringNotContainsString( self::SECRET, $e->getMessage() . $e->getTraceAsString() );
			}
		}
	}

	/**
	 * A failing constructor does not show the secret in its message or its trace.
	 */
	public function test_the_secret_is_not_in_traces(): void {
		try {
			new S3Config( 'ftp://example.com', 'us-east-1', 'site-backups', 'key', self::SECRET );
			self::fail( 'An ftp endpoint was accepted.' );
		} catch ( Throwable $e ) {
			self::assertStringNotContainsString( 'wJalrXUtnFEMI', $e->getMessage() . $e->getTraceAsString() . print_r( $e->getTrace(), true ) );
		}
	}

	/**
	 * Redaction for texts that may quote the secret.
	 */
	public function test_redact(): void {
		$secret = new Secret( self::SECRET );

		self::assertSame( 'server said *** twice: ***', $secret->redact( 'server said ' . self::SECRET . ' twice: ' . self::SECRET ) );
		self::assertSame( 'nothing', ( new Secret( '' ) )->redact( 'nothing' ) );
		self::assertSame( '***', (string) $secret );
	}
}
