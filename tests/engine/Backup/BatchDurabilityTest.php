<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use PHPUnit\Framework\Attributes\DataProvider;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Backup\PendingBackups;
use SiteBackups\Tests\Engine\Support\RestoredCopy;
use SiteBackups\Engine\Store\ObjectState;
use SiteBackups\Engine\Store\StoreWriteFailed;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;

/**
 * The runner writes objects in batches (no fsync each) and makes them durable before every state save
 * and before publishing: an object never appears under its name before its bytes are on disk, and the
 * persisted state never names an object that is not.
 */
final class BatchDurabilityTest extends EngineTestCase
{
	public function testObjectsOfABatchAppearUnderTheirNameOnlyOnceSynced(): void
	{
		$batch = $this->store->objects();
		$batch->deferDurability();
		$first = $batch->put(str_repeat("text\n", 5000));
		$again = $batch->put(str_repeat("text\n", 5000));
		$other = $batch->put(random_bytes(3000));

		$this->assertTrue($first->isNew);
		$this->assertFalse($again->isNew, 'the same content twice in a batch is stored once');
		$this->assertTrue($batch->has($first->hash));
		$fresh = $this->store->objects();
		$this->assertFalse($fresh->has($first->hash), 'not under its name before it is durable');
		$this->assertFalse($fresh->has($other->hash));

		$batch->syncPending();

		$this->assertSame(ObjectState::Ok, $fresh->check($first->hash));
		$this->assertSame(ObjectState::Ok, $fresh->check($other->hash));
		$this->assertSame([], array_diff(scandir($this->storeDir . '/tmp'), ['.', '..']), 'no temp files left');
	}

	public function testABatchThatFailedPartWayIsSyncedByTheNextTry(): void
	{
		$batch = $this->store->objects();
		$batch->deferDurability();
		$objects = [$batch->put('first'), $batch->put('second'), $batch->put('third')];
		// Something in the place of one object's file: renaming onto a folder fails.
		$blocked = $this->store->objects()->pathFor($objects[1]->hash);
		mkdir($blocked, 0700, true);
		try {
			$batch->syncPending();
			$this->fail('the rename onto a folder must fail');
		} catch (StoreWriteFailed) {
		}
		rmdir($blocked);

		$batch->syncPending();
		foreach ($objects as $object) {
			$this->assertSame(ObjectState::Ok, $this->store->objects()->check($object->hash));
		}
		$this->assertSame([], array_diff(scandir($this->storeDir . '/tmp'), ['.', '..']));
	}

	public function testADiscardedBatchLeavesNothing(): void
	{
		$batch = $this->store->objects();
		$batch->deferDurability();
		$stored = $batch->put('never synced');
		$batch->discardPending();
		$batch->syncPending();

		$this->assertFalse($this->store->objects()->has($stored->hash));
		$this->assertSame([], array_diff(scandir($this->storeDir . '/tmp'), ['.', '..']));
	}

	/** @return iterable<string, array{int, float}> */
	public static function crashes(): iterable
	{
		yield 'first batch, nothing checkpointed' => [40, 3600.0];
		yield 'after some checkpoints' => [70, 0.0];
	}

	#[DataProvider('crashes')]
	public function testAProcessKilledWithUnsyncedObjectsResumesToACompleteSnapshot(int $killAt, float $checkpoint): void
	{
		for ($i = 0; $i < 100; $i++) {
			$this->write(sprintf('wp-content/uploads/%d/f-%03d.txt', $i % 5, $i), str_repeat("line $i\n", 200 + $i * 50));
		}
		$this->write('wp-content/uploads/big.bin', random_bytes(5 * 16384 + 3));
		$id = $this->runChild($killAt, $checkpoint);
		if ($checkpoint > 60) {
			$this->assertNotSame([], glob($this->storeDir . '/tmp/obj-*'), 'it died with objects written but not synced');
			$this->assertSame([], iterator_to_array($this->store->objects()->all()), 'none of them under its name');
		}

		// Whatever is under its name is whole; the state names only such objects.
		foreach ($this->store->objects()->all() as $hash => $unused) {
			$this->assertSame(ObjectState::Ok, $this->store->objects()->check($hash));
		}
		$this->assertSame([$id], array_column((new PendingBackups($this->store))->all(), 'id'));

		$runner = new BackupRunner($this->store, [], null, 0.0, 4096);
		$runner->resume($id);
		while (!$runner->step(1)->isReady()) {
		}
		$runner->publish();

		$this->assertTrue((new Verifier($this->store))->verify($id)->isOk());
		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->store, $id, $target);
		$this->assertSame(self::describeTree($this->site), self::describeTree($target));
	}

	private function runChild(int $killAt, float $checkpoint): string
	{
		$process = proc_open(
			[PHP_BINARY, dirname(__DIR__) . '/Fixtures/batch-crash-child.php', $this->storeDir, $this->site, (string) $killAt, (string) $checkpoint],
			[1 => ['pipe', 'w'], 2 => ['pipe', 'w']],
			$pipes
		);
		$this->assertIsResource($process);
		$output = (string) stream_get_contents($pipes[1]);
		$errors = (string) stream_get_contents($pipes[2]);
		fclose($pipes[1]);
		fclose($pipes[2]);
		proc_close($process);
		$this->assertStringNotContainsString('READY', $output, 'the child was to die part way: ' . $errors);
		$this->assertSame(1, preg_match('/^ID (\S+)$/m', $output, $m), $output . $errors);
		return $m[1];
	}
}
