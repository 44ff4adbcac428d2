<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use SiteBackups\Engine\Offsite\Bucket;
use SiteBackups\Engine\Offsite\OffsiteMissing;

/** A bucket in a folder: the edge of the off-site unit, for tests that are about what goes where. */
final class DirectoryBucket implements Bucket
{
	public int $puts = 0;

	/** @var list<string> every key read, in order */
	public array $got = [];

	public function __construct(public readonly string $dir)
	{
	}

	public function put(string $key, $body, int $size): void
	{
		$path = $this->dir . '/' . $key;
		@mkdir(dirname($path), 0777, true);
		$out = fopen($path, 'wb');
		$copied = stream_copy_to_stream($body, $out);
		fclose($out);
		if ($copied !== $size) {
			throw new \RuntimeException("put $key: $copied bytes, $size announced");
		}
		$this->puts++;
	}

	public function get(string $key, $out): int
	{
		$this->got[] = $key;
		$in = @fopen($this->dir . '/' . $key, 'rb');
		if (false === $in) {
			throw new OffsiteMissing("No $key in the bucket.");
		}
		$copied = (int) stream_copy_to_stream($in, $out);
		fclose($in);
		return $copied;
	}

	public function getAll(array $objects): array
	{
		$results = array();
		foreach ($objects as $object) {
			try {
				if (!isset($object['from'])) {
					$results[] = $this->get($object['key'], $object['out']);
					continue;
				}
				$this->got[] = $object['key'];
				$in = @fopen($this->dir . '/' . $object['key'], 'rb');
				if (false === $in) {
					throw new OffsiteMissing("No {$object['key']} in the bucket.");
				}
				$results[] = (int) stream_copy_to_stream($in, $object['out'], $object['to'] - $object['from'] + 1, $object['from']);
				fclose($in);
			} catch (OffsiteMissing $e) {
				$results[] = $e;
			}
		}
		return $results;
	}

	public function exists(string $key): bool
	{
		return is_file($this->dir . '/' . $key);
	}

	public function delete(array $keys): void
	{
		foreach ($keys as $key) {
			@unlink($this->dir . '/' . $key);
		}
	}

	public function list(string $prefix): \Generator
	{
		$keys = [];
		if (is_dir($this->dir)) {
			foreach (new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($this->dir, \FilesystemIterator::SKIP_DOTS)) as $path => $info) {
				$key = substr((string) $path, strlen($this->dir) + 1);
				if (str_starts_with($key, $prefix)) {
					$keys[$key] = $info->getSize();
				}
			}
		}
		ksort($keys, SORT_STRING);
		yield from $keys;
	}

	public function putAll(array $objects): array
	{
		$results = array();
		foreach ($objects as $object) {
			$this->put($object['key'], $object['body'], $object['size']);
			$results[] = null;
		}
		return $results;
	}

	public function abortUnfinished(): int
	{
		return 0;
	}

	public function describe(): string
	{
		return 'the test bucket';
	}
}
