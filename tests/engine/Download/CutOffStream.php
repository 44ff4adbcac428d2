<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

/**
 * An output that takes a set number of bytes and then no more, as a connection the host closes
 * part-way: what arrived before the cut is kept for the test to read.
 */
final class CutOffStream
{
	private const PROTOCOL = 'sb-test-cut-off';

	private static int $limit = 0;
	private static string $received = '';

	/** @var resource|null set by PHP */
	public $context;

	/** @return resource */
	public static function open(int $limit)
	{
		if (!in_array(self::PROTOCOL, stream_get_wrappers(), true)) {
			stream_wrapper_register(self::PROTOCOL, self::class);
		}
		self::$limit    = $limit;
		self::$received = '';
		$stream         = fopen(self::PROTOCOL . '://out', 'wb');
		if (false === $stream) {
			throw new \RuntimeException('Could not open the cut-off stream.');
		}
		return $stream;
	}

	public static function received(): string
	{
		return self::$received;
	}

	// phpcs:disable PSR1.Methods.CamelCapsMethodName.NotCamelCaps -- names PHP's stream wrapper protocol requires

	public function stream_open(string $path, string $mode, int $options, ?string &$openedPath): bool
	{
		return true;
	}

	public function stream_write(string $data): int
	{
		$room            = max(0, self::$limit - strlen(self::$received));
		$taken           = substr($data, 0, $room);
		self::$received .= $taken;
		return strlen($taken);
	}

	public function stream_flush(): bool
	{
		return true;
	}

	public function stream_eof(): bool
	{
		return true;
	}

	// phpcs:enable PSR1.Methods.CamelCapsMethodName.NotCamelCaps
}
