<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

final class RoundTripTest extends EngineTestCase
{
	public function testRestoreReproducesEveryFileModeMtimeAndLink(): void
	{
		$this->buildAwkwardTree();
		$record = $this->backUp();

		$this->assertSame('complete', $record->meta['status']);
		$this->assertTrue((new Verifier($this->store))->verify($record->id)->isOk());

		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->store, $record->id, $target);

		$this->assertSame(self::describeTree($this->site), self::describeTree($target));
	}

	private function buildAwkwardTree(): void
	{
		$this->write('index.php', "<?php\n// front controller\n", 1_600_000_000);
		$this->write('file with spaces.txt', str_repeat("spaces and words\n", 100), 1_600_000_100);
		$this->write('wp-content/uploads/2024/01/Ünïcødé ☃ naïve.txt', 'non-ascii name', 1_600_000_200);
		$this->write("wp-content/uploads/latin1-\xE9t\xE9.txt", 'a name that is not UTF-8');
		$this->write('wp-content/empty-file.txt', '', 1_600_000_300);
		// Larger than three chunks, half compressible and half random, not a multiple of the chunk size.
		$this->write('wp-content/uploads/big.bin', str_repeat('compressible ', 12000) . random_bytes(2 * self::CHUNK + 123));
		// Exactly two chunks: the read that finds the end returns nothing.
		$this->write('wp-content/uploads/exact.bin', random_bytes(2 * self::CHUNK));
		$this->write('wp-content/uploads/photo.jpg', random_bytes(5000));
		$readOnly = $this->write('wp-content/read-only.txt', 'do not change me', 1_600_000_400);
		chmod($readOnly, 0444);
		$this->write('wp-content/script.sh', "#!/bin/sh\necho hi\n");
		chmod($this->site . '/wp-content/script.sh', 0755);
		mkdir($this->site . '/wp-content/empty-folder');
		mkdir($this->site . '/wp-content/deep/er/est', 0755, true);
		mkdir($this->site . '/wp-content/private', 0700);
		$this->write('wp-content/private/secret.txt', 's');
		symlink('index.php', $this->site . '/link-to-file');
		symlink('wp-content/uploads', $this->site . '/link-to-dir');
		symlink('does/not/exist', $this->site . '/dangling-link');
		// Folder mtimes last, once their contents exist.
		touch($this->site . '/wp-content/empty-folder', 1_500_000_000);
		touch($this->site . '/wp-content/deep', 1_500_000_100);
		chmod($this->site . '/wp-content/deep/er', 0555);
	}
}
