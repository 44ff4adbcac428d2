<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on the store.

namespace SiteBackups\Engine\Database;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;

/**
 * The notes of one request in a JournalFolder: the set of tables it writes, kept in memory, each
 * appended to the request's open file before the first statement that writes it runs, and stamped
 * once when the request ends. A request that writes nothing touches no file.
 */
final class JournalRequest
{
    /** @var array<string, string> key => table, in the order first written */
    private array $tables = [];
    private ?string $name = null;
    private bool $failed = false;

    public function __construct(private readonly JournalFolder $journal)
    {
    }

    /**
     * Notes that the statement about to run may write $tables (JournalReading::ANY: any table). False
     * when the note could not be written: the journal is then interrupted, and this request notes no more.
     *
     * @param list<string> $tables
     */
    public function note(array $tables): bool
    {
        if ($this->failed) {
            return false;
        }
        $new = '';
        foreach ($tables as $table) {
            $key = JournalFolder::tableKey($table);
            if (!isset($this->tables[$key]) && $table !== '' && !str_contains($table, "\n")) {
                $this->tables[$key] = $table;
                $new .= $table . "\n";
            }
        }
        if ($new === '') {
            return true;
        }
        try {
            $this->append($new);
        } catch (StoreException) {
            $this->fail();

            return false;
        }

        return true;
    }

    /** Stamps the tables written with the current period and closes the request's open file. */
    public function end(): void
    {
        if ($this->name === null || $this->failed) {
            return;
        }
        $period = $this->journal->period();
        $path = $this->journal->openPath($this->name);
        if ($period !== null && !$this->journal->stamp($period, array_keys($this->tables))) {
            // The open file stays, so its tables keep counting as written.
            $this->fail();

            return;
        }
        @unlink($path);
        $this->name = null;
        $this->tables = [];
    }

    /** @throws StoreException */
    private function append(string $lines): void
    {
        if ($this->name === null) {
            $this->journal->start();
            $this->name = JournalFolder::requestName();
            $lines = GuardedFile::GUARD . $lines;
        }
        $path = $this->journal->openPath($this->name);
        $fp = Durable::open($path, 'ab');
        if ($fp === false) {
            throw new StoreException('Could not write the journal of this request.');
        }
        try {
            Durable::writeAll($fp, $lines, $path);
        } finally {
            fclose($fp);
        }
    }

    private function fail(): void
    {
        $this->failed = true;
        $this->journal->interrupt();
    }
}
