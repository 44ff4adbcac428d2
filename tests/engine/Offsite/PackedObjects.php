<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use SiteBackups\Engine\Offsite\OffsiteLayout;
use SiteBackups\Engine\Offsite\PackIndex;
use SiteBackups\Engine\Offsite\Sealer;

/** Finds and damages objects inside the packs of a DirectoryBucket, as a failing disk or an attacker would. */
final class PackedObjects
{
	public function __construct(private readonly DirectoryBucket $bucket, private readonly ?Sealer $key)
	{
	}

	/** @return array<string, PackIndex> every index in the bucket, by pack */
	public function indexes(): array
	{
		$indexes = [];
		foreach ($this->bucket->list(OffsiteLayout::INDEXES) as $key => $size) {
			$pack = (string) OffsiteLayout::packOfIndex((string) $key);
			$indexes[$pack] = PackIndex::parse($pack, $this->open((string) file_get_contents($this->bucket->dir . '/' . $key)));
		}
		return $indexes;
	}

	/** How many objects the packs hold. */
	public function count(): int
	{
		return array_sum(array_map(static fn (PackIndex $index): int => $index->count(), $this->indexes()));
	}

	/** @return array{string, int, int} the file of the pack holding object $hash, its offset and length */
	public function locate(string $hash): array
	{
		$name = null === $this->key ? $hash : $this->key->nameFor($hash);
		foreach ($this->indexes() as $pack => $index) {
			foreach ($index->objects() as [$held, $offset, $length]) {
				if ($held === $name) {
					return [$this->bucket->dir . '/' . (new OffsiteLayout($this->key))->packKey($pack), $offset, $length];
				}
			}
		}
		throw new \RuntimeException("object $hash is in no pack");
	}

	/** Overwrites bytes of object $hash where its pack holds it, $at bytes into it (negative: from its end). */
	public function overwrite(string $hash, int $at, string $bytes): void
	{
		[$path, $offset, $length] = $this->locate($hash);
		$file = fopen($path, 'r+b');
		fseek($file, $offset + ($at < 0 ? $length + $at : $at));
		fwrite($file, $bytes);
		fclose($file);
	}

	/** Takes object $hash out of its pack's index (under a name nothing has), so no pack lists it. */
	public function unlist(string $hash): void
	{
		$name = null === $this->key ? $hash : $this->key->nameFor($hash);
		foreach ($this->indexes() as $pack => $index) {
			$objects = [];
			$found = false;
			foreach ($index->objects() as [$held, , $length]) {
				$found = $found || $held === $name;
				$objects[] = [$held === $name ? hash('sha256', 'unlisted ' . $held) : $held, $length];
			}
			if ($found) {
				file_put_contents($this->bucket->dir . '/' . OffsiteLayout::INDEXES . $pack, $this->seal((new PackIndex($pack, $objects))->bytes()));
			}
		}
	}

	/** Lays the bucket out as format 1 kept it: every object on its own, no packs, format record 1. */
	public function asFormatOne(): void
	{
		foreach ($this->indexes() as $pack => $index) {
			$path = $this->bucket->dir . '/' . (new OffsiteLayout($this->key))->packKey($pack);
			$bytes = (string) file_get_contents($path);
			foreach ($index->objects() as [$name, $offset, $length]) {
				$this->bucket->put(OffsiteLayout::nameKey($name), self::stream(substr($bytes, $offset, $length)), $length);
			}
			unlink($path);
			unlink($this->bucket->dir . '/' . OffsiteLayout::INDEXES . $pack);
		}
		$format = json_decode((string) file_get_contents($this->bucket->dir . '/' . OffsiteLayout::FORMAT), true);
		file_put_contents($this->bucket->dir . '/' . OffsiteLayout::FORMAT, json_encode(['format' => 1] + $format) . "\n");
	}

	/** @return resource */
	private static function stream(string $bytes)
	{
		$stream = fopen('php://temp', 'w+b');
		fwrite($stream, $bytes);
		rewind($stream);
		return $stream;
	}

	private function open(string $bytes): string
	{
		if (null === $this->key) {
			return $bytes;
		}
		$in = self::stream($bytes);
		$out = fopen('php://temp', 'w+b');
		$this->key->open($in, $out, 'an index');
		return (string) stream_get_contents($out, -1, 0);
	}

	private function seal(string $bytes): string
	{
		if (null === $this->key) {
			return $bytes;
		}
		$in = self::stream($bytes);
		$out = fopen('php://temp', 'w+b');
		$this->key->seal($in, $out);
		return (string) stream_get_contents($out, -1, 0);
	}
}
