<?php
/**
 * The headers one file of a backup is sent with: a type from a short list, never one a browser
 * runs, and an attachment unless an image or text is asked for inline.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

/**
 * A backup holds whatever the site held, an attacker's files included: so nothing is ever sent as
 * HTML, SVG or script. Raster images keep their type; text of every kind (PHP, HTML and SVG too)
 * is text/plain; anything else is application/octet-stream. The sandbox CSP and nosniff keep a
 * browser from running or guessing anything even when the file is shown inline.
 */
final class FileContentHeaders {

	public const TEXT   = 'text/plain; charset=utf-8';
	public const BINARY = 'application/octet-stream';

	/** Raster images a browser shows as they are, by extension. */
	private const IMAGES = array(
		'png'  => 'image/png',
		'jpg'  => 'image/jpeg',
		'jpeg' => 'image/jpeg',
		'gif'  => 'image/gif',
		'webp' => 'image/webp',
	);

	/** Extensions of text files, shown as plain text whatever they are. */
	private const TEXTS = array(
		'txt',
		'text',
		'md',
		'log',
		'csv',
		'css',
		'scss',
		'less',
		'js',
		'mjs',
		'json',
		'map',
		'php',
		'phtml',
		'inc',
		'html',
		'htm',
		'xml',
		'svg',
		'sql',
		'ini',
		'conf',
		'htaccess',
		'yml',
		'yaml',
		'po',
		'pot',
		'twig',
		'env',
		'lock',
	);

	/**
	 * Every header of the answer but those every streamed answer sends (StreamedResponse).
	 *
	 * @param string $name   The file's name (its last path part).
	 * @param int    $size   Its size in bytes.
	 * @param bool   $inline Whether the client asked to show it in the browser.
	 * @return list<string>
	 */
	public static function lines( string $name, int $size, bool $inline ): array {
		$type  = self::type( $name );
		$shown = $inline && ( self::TEXT === $type || in_array( $type, self::IMAGES, true ) );
		return array(
			'Content-Type: ' . $type,
			'Content-Length: ' . $size,
			'Content-Disposition: ' . ( $shown ? 'inline' : 'attachment' ) . self::file_name( $name ),
			"Content-Security-Policy: sandbox; default-src 'none'",
		);
	}

	/**
	 * The Content-Type a file is sent with.
	 *
	 * @param string $name The file's name.
	 */
	public static function type( string $name ): string {
		$dot       = strrpos( $name, '.' );
		$extension = false === $dot ? '' : strtolower( substr( $name, $dot + 1 ) );
		if ( isset( self::IMAGES[ $extension ] ) ) {
			return self::IMAGES[ $extension ];
		}
		return in_array( $extension, self::TEXTS, true ) ? self::TEXT : self::BINARY;
	}

	/**
	 * The Content-Disposition parameters: an ASCII name any client reads, and the name itself
	 * (RFC 6266) when it is UTF-8. Nothing of the name can end the header or the parameter.
	 *
	 * @param string $name The file's name.
	 */
	private static function file_name( string $name ): string {
		$ascii = trim( (string) preg_replace( '/[^A-Za-z0-9._-]+/', '_', $name ), '._' );
		$ascii = '' === $ascii ? 'file' : $ascii;
		$value = '; filename="' . $ascii . '"';
		if ( mb_check_encoding( $name, 'UTF-8' ) && $ascii !== $name ) {
			$value .= "; filename*=UTF-8''" . rawurlencode( $name );
		}
		return $value;
	}
}
