<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Download;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Download\RangeRequest;

/** Range and If-Range headers, read as RFC 9110 has them, for an archive of 1000 bytes. */
final class RangeRequestTest extends TestCase
{
	private const SIZE = 1000;
	private const ETAG = '"0123456789abcdef0123456789abcdef01234567"';

	/** @return array<string, array{string|null, string|null, string, int, int}> */
	public static function answers(): array
	{
		return [
			'no Range'                 => [null, null, RangeRequest::WHOLE, 0, 999],
			'empty Range'              => ['', null, RangeRequest::WHOLE, 0, 999],
			'first and last'           => ['bytes=100-199', null, RangeRequest::PARTIAL, 100, 199],
			'from an offset'           => ['bytes=600-', null, RangeRequest::PARTIAL, 600, 999],
			'the last byte'            => ['bytes=999-999', null, RangeRequest::PARTIAL, 999, 999],
			'last past the end'        => ['bytes=900-5000', null, RangeRequest::PARTIAL, 900, 999],
			'a huge last'              => ['bytes=10-99999999999999999999999', null, RangeRequest::PARTIAL, 10, 999],
			'a suffix'                 => ['bytes=-300', null, RangeRequest::PARTIAL, 700, 999],
			'a suffix past the start'  => ['bytes=-5000', null, RangeRequest::PARTIAL, 0, 999],
			'spaces and case'          => [' Bytes = 0 - 9 ', null, RangeRequest::PARTIAL, 0, 9],
			'a trailing comma'         => ['bytes=5-9,', null, RangeRequest::PARTIAL, 5, 9],
			'If-Range that matches'    => ['bytes=500-', self::ETAG, RangeRequest::PARTIAL, 500, 999],
			'If-Range of another ETag' => ['bytes=500-', '"ffff"', RangeRequest::WHOLE, 0, 999],
			'If-Range, a weak ETag'    => ['bytes=500-', 'W/' . self::ETAG, RangeRequest::WHOLE, 0, 999],
			'If-Range, a date'         => ['bytes=500-', 'Wed, 21 Oct 2026 07:28:00 GMT', RangeRequest::WHOLE, 0, 999],
			'another unit'             => ['items=0-5', null, RangeRequest::WHOLE, 0, 999],
			'several ranges'           => ['bytes=0-9,20-29', null, RangeRequest::WHOLE, 0, 999],
			'first at the end'         => ['bytes=1000-', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'first past the end'       => ['bytes=5000-6000', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'a huge first'             => ['bytes=99999999999999999999999-', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'last before first'        => ['bytes=500-100', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'an empty suffix'          => ['bytes=-0', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'no numbers'               => ['bytes=-', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'nothing after bytes='     => ['bytes=', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'not a number'             => ['bytes=abc-def', null, RangeRequest::UNSATISFIABLE, 0, 999],
			'a negative first'         => ['bytes=-5-10', null, RangeRequest::UNSATISFIABLE, 0, 999],
		];
	}

	#[DataProvider('answers')]
	public function testTheAnswer(?string $range, ?string $ifRange, string $kind, int $first, int $last): void
	{
		$answer = RangeRequest::decide($range, $ifRange, self::ETAG, self::SIZE);
		$this->assertSame($kind, $answer->kind);
		$this->assertSame([$first, $last], [$answer->range->first, $answer->range->last]);
	}
}
