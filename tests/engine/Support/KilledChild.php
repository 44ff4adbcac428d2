<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Support;

/**
 * Runs a child PHP script that backs up and prints its steps, and kills it with SIGKILL once
 * $killWhen has accepted $times of its lines: a real crash at a chosen point.
 */
final class KilledChild
{
    /**
     * @param list<string> $command the script and its arguments (run with this PHP)
     * @param callable(string): bool $killWhen
     * @return array{killed: bool, id: string, lines: list<string>, errors: string}
     */
    public static function run(array $command, callable $killWhen, int $times = 1, float $timeout = 60.0): array
    {
        $pipes   = [];
        $process = proc_open([PHP_BINARY, ...$command], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
        if (!is_resource($process)) {
            throw new \RuntimeException('The child process did not start.');
        }
        $id     = '';
        $lines  = [];
        $killed = false;
        $seen   = 0;
        $until  = microtime(true) + $timeout;
        while (microtime(true) < $until && false !== ($line = fgets($pipes[1]))) {
            $line    = rtrim($line);
            $lines[] = $line;
            if (str_starts_with($line, 'ID ')) {
                $id = substr($line, 3);
            }
            if ('READY' === $line) {
                proc_terminate($process, 9);
                break;
            }
            if ($killWhen($line) && ++$seen >= $times) {
                proc_terminate($process, 9);
                $killed = true;
                break;
            }
        }
        fclose($pipes[1]);
        $errors = (string) stream_get_contents($pipes[2]);
        fclose($pipes[2]);
        proc_close($process);

        return ['killed' => $killed, 'id' => $id, 'lines' => $lines, 'errors' => $errors];
    }

    /** What to show when the child was not killed in time. */
    public static function describe(array $run): string
    {
        return "the child was not killed in time; its output:\n" . implode("\n", $run['lines']) . "\n" . $run['errors'];
    }
}
