<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Offsite;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Offsite\OffsiteException;
use SiteBackups\Engine\Offsite\RecoveryKey;
use SiteBackups\Engine\Offsite\RecoveryKeyFile;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;

/** The recovery key in the store: made once however many requests ask at once, owner-only, shown once. */
final class RecoveryKeyFileTest extends TestCase
{
	private string $dir;

	protected function setUp(): void
	{
		$this->dir = sys_get_temp_dir() . '/sb-recovery-' . bin2hex(random_bytes(6));
	}

	protected function tearDown(): void
	{
		Durable::removeTree($this->dir);
		@unlink($this->dir . '.go');
	}

	public function testTheKeyIsMadeWhenFirstNeededInAGuardedOwnerOnlyFile(): void
	{
		$file = new RecoveryKeyFile($this->dir);
		$this->assertNull($file->read());
		$key = $file->ensure();
		$this->assertSame($key->encoded(), $file->ensure()->encoded(), 'made once');
		$this->assertSame(32, strlen((string) base64_decode($key->encoded(), true)));

		$path = $this->dir . '/' . RecoveryKeyFile::FILE;
		$this->assertSame(0600, fileperms($path) & 0777);
		$this->assertStringStartsWith(GuardedFile::GUARD, (string) file_get_contents($path));
		$this->assertFalse($file->read()['shown'] ?? null, 'nobody has seen it yet');
	}

	public function testItIsRevealedOnceAndAKeyTypedInCountsAsSeen(): void
	{
		$file = new RecoveryKeyFile($this->dir);
		$made = $file->ensure();
		$this->assertSame($made->encoded(), $file->revealOnce()?->encoded());
		$this->assertNull($file->revealOnce());
		$this->assertSame($made->encoded(), $file->ensure()->encoded(), 'revealing keeps the key');

		$typed = RecoveryKey::generate();
		$file->replace($typed);
		$this->assertSame($typed->encoded(), $file->read()['key']->encoded());
		$this->assertNull($file->revealOnce(), 'the administrator typed it: nothing to reveal');

		$fresh = new RecoveryKeyFile($this->dir . '/other');
		$first = $fresh->revealOnce();
		$this->assertNotNull($first, 'revealing makes the key when there is none');
		$this->assertSame($first->encoded(), $fresh->ensure()->encoded());
	}

	public function testManyProcessesAskingAtOnceGetOneKey(): void
	{
		// Every process waits for the go file, which appears once all are up, so they ask at once
		// however slowly the machine starts them.
		$go     = $this->dir . '.go';
		$script = sprintf(
			'require %s; while (!file_exists(%s)) { usleep(1000); } echo (new %s(%s))->ensure()->encoded();',
			var_export(dirname(__DIR__, 3) . '/vendor/autoload.php', true),
			var_export($go, true),
			RecoveryKeyFile::class,
			var_export($this->dir, true),
		);
		$processes = [];
		for ($i = 0; $i < 6; $i++) {
			$processes[] = proc_open([PHP_BINARY, '-r', $script], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
			$outputs[] = $pipes;
		}
		usleep(300000);
		touch($go);
		$keys = [];
		foreach ($processes as $i => $process) {
			$keys[] = stream_get_contents($outputs[$i][1]);
			$this->assertSame('', stream_get_contents($outputs[$i][2]));
			fclose($outputs[$i][1]);
			fclose($outputs[$i][2]);
			$this->assertSame(0, proc_close($process));
		}
		$this->assertCount(1, array_unique($keys), implode("\n", $keys));
		$this->assertSame($keys[0], (new RecoveryKeyFile($this->dir))->read()['key']->encoded());
	}

	public function testADamagedFileIsNeverReplacedByANewKey(): void
	{
		Durable::makeDir($this->dir);
		GuardedFile::write($this->dir . '/' . RecoveryKeyFile::FILE, '{"key":"not a key"}', 0600);
		$file = new RecoveryKeyFile($this->dir);
		try {
			$file->ensure();
			$this->fail('a damaged key was replaced');
		} catch (OffsiteException $e) {
			$this->assertStringContainsString('32 random bytes', $e->getMessage());
		}
		$this->assertStringContainsString('not a key', (string) file_get_contents($this->dir . '/' . RecoveryKeyFile::FILE));
	}
}
