<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Backup\ReusesObjects;
use SiteBackups\Engine\Backup\SnapshotSource;
use SiteBackups\Engine\Backup\SourceChunk;
use SiteBackups\Engine\Manifest\PieceReader;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/** A source that names existing objects instead of writing chunks: the runner confirms them, or asks again. */
final class SourceReuseTest extends EngineTestCase
{
	public function testReusedChunksAreListedTouchedAndRememberedForTheNextBackup(): void
	{
		$this->write('index.php', '<?php');
		$first = $this->backUp(sources: [new ReusingSource(5)]);
		$memos = $this->memos($first->id);
		$this->assertCount(5, $memos);
		$this->assertArrayNotHasKey(BackupRunner::CHUNK_OBJECTS, $first->sourceNotes('database'), 'kept out of the record');
		$hash = reset($memos)[0];
		touch($this->store->objects()->pathFor($hash), 1_000_000_000);

		$source = new ReusingSource(5);
		$second = $this->backUp(sources: [$source]);

		$this->assertSame(5, $source->reused);
		$this->assertSame(0, $second->meta['new_bytes']);
		$this->assertSame($memos, $this->memos($second->id));
		clearstatcache();
		$this->assertGreaterThan(time() - 60, filemtime($this->store->objects()->pathFor($hash)), 'touched, as reused files are');
		$this->assertSame(ReusingSource::expected(5), $this->stream($second->id));
	}

	public function testAnObjectGoneMeanwhileIsWrittenAgainFromTheSameCursor(): void
	{
		$this->write('index.php', '<?php');
		$first = $this->backUp(sources: [new ReusingSource(4)]);
		$memos = $this->memos($first->id);
		$gone  = $memos['chunk-2'][0];
		$this->store->objects()->delete($gone);

		// This source claims reuse without asking first: the runner must notice the object is gone.
		$source = new ReusingSource(4, trustNotes: true);
		$second = $this->backUp(sources: [$source]);

		$this->assertSame(4, $source->reused, 'four claims, one of them refused by the runner');
		$this->assertGreaterThan(0, $second->meta['new_bytes']);
		$this->assertTrue($this->store->objects()->has($gone), 'written again');
		$this->assertSame(ReusingSource::expected(4), $this->stream($second->id));
		$this->assertTrue((new Verifier($this->store))->verify($second->id)->isOk());
	}

	/** @return array<string, array{0: string, 1: int}> the content keys in a snapshot's chunk list */
	private function memos(string $id): array
	{
		$memos = [];
		$lines = (new PieceReader($this->store->objects(), $this->store->snapshots()->load($id)->sourcePieces('database')))->lines();
		foreach ($lines as $line) {
			$data = json_decode($line, true);
			if (isset($data['key'])) {
				$memos[$data['key']] = [$data['hash'], $data['size']];
			}
		}
		return $memos;
	}

	private function stream(string $id): string
	{
		$out = fopen('php://memory', 'w+b');
		(new SnapshotReader($this->store))->streamSource($id, 'database', $out);
		return (string) stream_get_contents($out, -1, 0);
	}
}

/** Chunk i is "chunk i\n" x 1000; remembered under the key chunk-i and reused when the parent has it. */
final class ReusingSource implements SnapshotSource, ReusesObjects
{
	public int $reused = 0;
	private ?\Closure $exists = null;
	/** @var array<string, mixed> */
	private array $parent = [];

	public function __construct(private readonly int $chunks, private readonly bool $trustNotes = false)
	{
	}

	public static function expected(int $chunks): string
	{
		$sql = '';
		for ($i = 0; $i < $chunks; $i++) {
			$sql .= str_repeat("chunk $i\n", 1000);
		}
		return $sql;
	}

	public function key(): string
	{
		return 'database';
	}

	public function useObjects(\Closure $exists): void
	{
		$this->exists = $exists;
	}

	public function start(array $parentNotes): ?array
	{
		$this->parent = (array) ($parentNotes[BackupRunner::CHUNK_OBJECTS] ?? []);
		return ['i' => 0, 'asked' => []];
	}

	public function writeNextChunk(array $cursor, $out): SourceChunk
	{
		$i    = $cursor['i'];
		$key  = "chunk-$i";
		$next = $i + 1 < $this->chunks ? ['i' => $i + 1, 'asked' => []] : null;
		$old  = $this->parent[$key] ?? null;
		// Trusting the notes, it asks the store only the second time round (after the runner found the object gone).
		$askedBefore = $this->trustNotes && isset($this->askedOnce[$key]);
		$this->askedOnce[$key] = true;
		if (null !== $old && (($this->trustNotes && !$askedBefore) || ($this->exists)($old[0]))) {
			$this->reused++;
			return new SourceChunk('t', $next, [], null, null, $key, $old[0], $old[1]);
		}
		fwrite($out, str_repeat("chunk $i\n", 1000));
		return new SourceChunk('t', $next, [], null, null, $key);
	}

	/** @var array<string, true> */
	private array $askedOnce = [];
}
