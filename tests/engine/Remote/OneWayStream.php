<?php
/**
 * A stream that can be read once and never rewound, like a pipe.
 *
 * @package SiteBackups\Tests
 */

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Remote;

// phpcs:disable WordPress.NamingConventions.ValidFunctionName.MethodNameInvalid, WordPress.WP.AlternativeFunctions -- PHP's stream wrapper protocol names the methods.

/**
 * Serves a deterministic pattern of bytes ("oneway://<size>") and refuses to
 * seek, while claiming to be seekable as some wrappers do.
 */
final class OneWayStream {

	/**
	 * Set by PHP.
	 *
	 * @var resource|null
	 */
	public $context;

	/**
	 * Bytes served so far.
	 *
	 * @var int
	 */
	private int $position = 0;

	/**
	 * Bytes to serve in all.
	 *
	 * @var int
	 */
	private int $size = 0;

	/**
	 * Opens a stream of `$size` bytes.
	 *
	 * @param int $size Bytes the stream holds.
	 * @return resource
	 */
	public static function open( int $size ) {
		if ( ! in_array( 'oneway', stream_get_wrappers(), true ) ) {
			stream_wrapper_register( 'oneway', self::class );
		}
		$stream = fopen( 'oneway://' . $size, 'rb' );
		assert( is_resource( $stream ) );

		return $stream;
	}

	/**
	 * The bytes the stream serves, for comparison.
	 *
	 * @param int $size Bytes.
	 */
	public static function content( int $size ): string {
		return substr( str_repeat( implode( '', range( 'a', 'z' ) ) . "\n", intdiv( $size, 27 ) + 1 ), 0, $size );
	}

	/**
	 * Opens "oneway://<size>".
	 *
	 * @param string $path Stream URL.
	 */
	public function stream_open( string $path ): bool {
		$this->size = (int) substr( $path, strlen( 'oneway://' ) );

		return true;
	}

	/**
	 * Serves the next bytes.
	 *
	 * @param int $count Bytes wanted.
	 */
	public function stream_read( int $count ): string {
		$data            = substr( self::content( min( $this->size, $this->position + $count ) ), $this->position, $count );
		$this->position += strlen( $data );

		return $data;
	}

	/**
	 * Whether everything was served.
	 */
	public function stream_eof(): bool {
		return $this->position >= $this->size;
	}

	/**
	 * Refuses every seek.
	 */
	public function stream_seek(): bool {
		return false;
	}

	/**
	 * The position.
	 */
	public function stream_tell(): int {
		return $this->position;
	}
}
