<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\TempFiles;

/**
 * A request killed while writing leaves its temporary file; it goes as soon as its process is
 * known to be gone, while the files of live writers stay until they are old.
 */
final class TempFilesTest extends TestCase
{
    private string $dir;

    protected function setUp(): void
    {
        $this->dir = sys_get_temp_dir() . '/sb-temps-' . bin2hex(random_bytes(6));
        Durable::makeDir($this->dir);
    }

    protected function tearDown(): void
    {
        Durable::removeTree($this->dir);
    }

    public function testTheFileOfAKilledWriterGoesAndLiveWritersKeepTheirs(): void
    {
        $killed = $this->writeInKilledChild();
        $alive = proc_open([PHP_BINARY, '-r', 'require $argv[1]; file_put_contents(\SiteBackups\Engine\Store\TempFiles::name($argv[2], "obj"), "x"); echo "WRITTEN\n"; sleep(60);', dirname(__DIR__, 3) . '/vendor/autoload.php', $this->dir], [1 => ['pipe', 'w']], $pipes);
        $this->assertIsResource($alive);
        $this->assertSame("WRITTEN\n", fgets($pipes[1]));
        $own = TempFiles::name($this->dir, 'fetch');
        file_put_contents($own, 'mine');
        $unrelated = $this->dir . '/notes.txt';
        file_put_contents($unrelated, 'not a temporary file');

        try {
            $removed = TempFiles::removeOrphans($this->dir, time() - 3600);
            $left = array_values(array_diff(scandir($this->dir), ['.', '..']));
        } finally {
            proc_terminate($alive, 9);
            proc_close($alive);
        }

        $this->assertSame(1, $removed);
        $this->assertNotContains(basename($killed), $left);
        $this->assertContains(basename($own), $left);
        $this->assertContains('notes.txt', $left);
        $this->assertCount(3, $left, 'the live child keeps its file');
    }

    public function testFilesOfOtherHostsAndOlderNamesGoByAgeOnly(): void
    {
        $otherHost = $this->dir . '/obj-00000000-1-' . str_repeat('a', 16) . '.php';
        $older = $this->dir . '/obj-' . str_repeat('b', 16) . '.php';
        $stale = $this->dir . '/fetch-00000000-2-' . str_repeat('c', 16) . '.php';
        foreach ([$otherHost, $older, $stale] as $path) {
            file_put_contents($path, 'x');
        }
        touch($stale, time() - 7200);

        $this->assertSame(1, TempFiles::removeOrphans($this->dir, time() - 3600));

        $this->assertFileExists($otherHost);
        $this->assertFileExists($older);
        $this->assertFileDoesNotExist($stale);
    }

    public function testNamesCannotBeGuessed(): void
    {
        $this->assertNotSame(TempFiles::name($this->dir, 'obj'), TempFiles::name($this->dir, 'obj'));
        $this->assertMatchesRegularExpression('/\/obj-[0-9a-f]{8}-' . getmypid() . '-[0-9a-f]{16}\.php\z/', TempFiles::name($this->dir, 'obj'));
    }

    /** A process that writes a temporary file and dies without removing it. */
    private function writeInKilledChild(): string
    {
        $script = 'require $argv[1]; $f = \SiteBackups\Engine\Store\TempFiles::name($argv[2], "obj"); file_put_contents($f, "x"); echo $f; posix_kill(getmypid(), 9);';
        $output = (string) shell_exec(escapeshellarg(PHP_BINARY) . ' -r ' . escapeshellarg($script) . ' ' . escapeshellarg(dirname(__DIR__, 3) . '/vendor/autoload.php') . ' ' . escapeshellarg($this->dir));
        $this->assertFileExists($output);

        return $output;
    }
}
