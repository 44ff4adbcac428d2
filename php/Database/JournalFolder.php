<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents, WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.unlink_unlink -- the engine runs without WordPress (php/README.md) and does its own file I/O on the store.
// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Database;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\LocalProcess;
use SiteBackups\Engine\Store\StoreException;

/**
 * The write journal of one site (database and table prefix), in the store's `journal/<key>/`:
 *
 *   state.php          guard + {"epoch", "gen", "floor", "boot"}: a period counter (gen) that each backup's
 *                      mark() moves on, under an epoch that changes whenever the journal may have missed a
 *                      write (interrupt()); a mark of another epoch vouches for nothing
 *   open-<req>.php     guard + one line per table a request in progress has written or is about to write,
 *                      each appended before its first statement on that table runs
 *   s-<gen>-<key>.php  guard only: a table a request wrote, stamped when the request ended with the period then
 *
 * What was written since a mark of period m: every table stamped in a period >= m, and every table of a
 * request still open (it may write them again). So a request open across a mark, or killed half-way, is
 * always accounted for: its tables are in its open file from before its first write to them until its
 * stamps exist. The open file of a request whose process is gone (same host) is turned into stamps.
 * The notes are not synced to disk: a host that restarted (a new boot id) starts a new epoch.
 */
final class JournalFolder implements WriteJournal
{
    public const FOLDER = 'journal';
    private const STATE = 'state' . GuardedFile::EXTENSION;
    private const LOCK = 'lock' . GuardedFile::EXTENSION;
    private const STAMP = '/\As-(\d{1,18})-([0-9a-f]{16})\.php\z/';
    private const OPEN = '/\Aopen-([0-9a-f]{8})-(\d{1,10})-[0-9a-f]{16}\.php\z/';
    /** Periods of stamps kept; a mark older than that vouches for nothing. */
    private const KEEP = 400;
    /** An open file untouched this long is turned into stamps even when its process cannot be told gone. */
    private const OPEN_MAX_AGE = 7 * 86400;
    private const BOOT_ID = '/proc/sys/kernel/random/boot_id';

    private function __construct(private readonly string $dir)
    {
    }

    /** The journal of $database with $prefix in the store at $storeRoot (nothing is created yet). */
    public static function at(string $storeRoot, string $database, string $prefix): self
    {
        $key = substr(hash('sha256', $database . "\0" . $prefix), 0, 16);

        return new self(rtrim($storeRoot, '/') . '/' . self::FOLDER . '/' . $key);
    }

    public function path(): string
    {
        return $this->dir;
    }

    /** The key a table is noted under: its name in lower case (a superset where names differ only in case). */
    public static function tableKey(string $table): string
    {
        return substr(hash('sha1', strtolower($table)), 0, 16);
    }

    /** A new request's notes. */
    public function request(): JournalRequest
    {
        return new JournalRequest($this);
    }

    /**
     * Starts the journal when it is not kept yet (the first note of a request does this).
     *
     * @throws StoreException
     */
    public function start(): void
    {
        if (is_file($this->dir . '/' . self::STATE)) {
            return;
        }
        Durable::makeDir($this->dir);
        $this->locked(function (): void {
            if (!is_file($this->dir . '/' . self::STATE)) {
                $this->writeState(['epoch' => self::newEpoch(), 'gen' => 1, 'floor' => 0, 'boot' => self::bootId()]);
            }
        });
    }

    /**
     * The journal may have missed a write (the plugin was off, a note failed): every mark taken before
     * vouches for nothing. Best effort: when even this fails, nothing more can be done.
     */
    public function interrupt(): void
    {
        try {
            $this->locked(function (): void {
                $state = $this->readState();
                if ($state !== null) {
                    $this->writeState(['epoch' => self::newEpoch(), 'gen' => $state['gen'] + 1] + $state);
                }
            });
        } catch (StoreException) {
            // Nothing to interrupt, or the store cannot be written at all.
        }
    }

    public function mark(): ?array
    {
        if (!is_file($this->dir . '/' . self::STATE)) {
            return null;
        }

        return $this->locked(function (): ?array {
            $state = $this->readState();
            if ($state === null) {
                return null;
            }
            $state['gen']++;
            if (!self::sameBoot($state)) {
                // Notes written before the host restarted may never have reached the disk.
                $state['epoch'] = self::newEpoch();
                $state['boot'] = self::bootId();
            }
            $this->writeState($state);

            return ['epoch' => $state['epoch'], 'gen' => $state['gen']];
        });
    }

    public function writtenSince(array $mark): ?JournalReading
    {
        $epoch = $mark['epoch'] ?? null;
        $since = $mark['gen'] ?? null;
        if (!is_string($epoch) || !is_int($since) || !is_file($this->dir . '/' . self::STATE)) {
            return null;
        }

        return $this->locked(function () use ($epoch, $since): ?JournalReading {
            $state = $this->readState();
            if ($state === null || $state['epoch'] !== $epoch || $since < $state['floor'] || !self::sameBoot($state)) {
                return null;
            }
            $keys = [];
            $oldest = $state['gen'] - self::KEEP;
            foreach (@scandir($this->dir, SCANDIR_SORT_NONE) ?: [] as $name) {
                if (preg_match(self::STAMP, $name, $stamp)) {
                    if ((int) $stamp[1] >= $since) {
                        $keys[$stamp[2]] = true;
                    } elseif ((int) $stamp[1] < $oldest) {
                        @unlink($this->dir . '/' . $name);
                    }
                } elseif (preg_match(self::OPEN, $name, $open)) {
                    foreach ($this->openTables($name, $open, $state['gen']) as $key) {
                        $keys[$key] = true;
                    }
                }
            }
            if ($oldest > $state['floor']) {
                $state['floor'] = $oldest;
                $this->writeState($state);
            }

            return new JournalReading($keys);
        });
    }

    /** The current period (stamps of requests ending now carry it); null when the journal is not kept. */
    public function period(): ?int
    {
        $state = $this->readState();

        return $state['gen'] ?? null;
    }

    /** The file of a request's open notes. */
    public function openPath(string $request): string
    {
        return $this->dir . '/open-' . $request . GuardedFile::EXTENSION;
    }

    /** A name for a new request: this host, this process, a random part. */
    public static function requestName(): string
    {
        return LocalProcess::hostTag() . '-' . getmypid() . '-' . bin2hex(random_bytes(8));
    }

    /**
     * Stamps $keys as written in period $gen.
     *
     * @param iterable<string> $keys
     */
    public function stamp(int $gen, iterable $keys): bool
    {
        $done = true;
        foreach ($keys as $key) {
            $path = $this->dir . '/s-' . $gen . '-' . $key . GuardedFile::EXTENSION;
            $fp = is_file($path) ? false : Durable::open($path, 'xb');
            if ($fp === false) {
                // Stamped already in this period (by another request), or not at all.
                $done = $done && is_file($path);
                continue;
            }
            try {
                GuardedFile::writeGuard($fp, $path);
            } catch (StoreException) {
                $done = false;
            } finally {
                fclose($fp);
            }
        }

        return $done;
    }

    /**
     * The keys of an open request's tables. When its process is gone (on this host), or it has not been
     * touched for OPEN_MAX_AGE, they are stamped in the current period and the file removed.
     *
     * @param array<int, string> $parts the OPEN match: host, process id
     * @return list<string>
     */
    private function openTables(string $name, array $parts, int $gen): array
    {
        $path = $this->dir . '/' . $name;
        $bytes = @file_get_contents($path);
        if ($bytes === false) {
            return []; // it ended meanwhile: its stamps are there
        }
        $keys = [];
        $lines = explode("\n", str_starts_with($bytes, GuardedFile::GUARD) ? substr($bytes, GuardedFile::length()) : $bytes);
        foreach ($lines as $line) {
            if ($line !== '') {
                $keys[] = self::tableKey($line);
            }
        }
        $gone = $parts[1] === LocalProcess::hostTag() && !LocalProcess::isRunning((int) $parts[2]);
        if (($gone || (int) @filemtime($path) < time() - self::OPEN_MAX_AGE) && $this->stamp($gen, $keys)) {
            @unlink($path);
        }

        return $keys;
    }

    /**
     * @template T
     * @param \Closure(): T $work
     * @return T
     */
    private function locked(\Closure $work): mixed
    {
        $path = $this->dir . '/' . self::LOCK;
        $fp = Durable::open($path, 'c+b');
        if ($fp === false) {
            throw new StoreException('Could not open the lock of the write journal.');
        }
        try {
            if (!flock($fp, LOCK_EX)) {
                throw new StoreException('Could not lock the write journal.');
            }
            $stat = fstat($fp);
            if ($stat !== false && $stat['size'] === 0) {
                GuardedFile::writeGuard($fp, $path);
            }

            return $work();
        } finally {
            fclose($fp);
        }
    }

    /** @return array{epoch: string, gen: int, floor: int, boot: string|null}|null */
    private function readState(): ?array
    {
        try {
            $text = GuardedFile::read($this->dir . '/' . self::STATE);
        } catch (StoreException) {
            return null;
        }
        $state = $text === null ? null : json_decode($text, true);
        if (!is_array($state) || !is_string($state['epoch'] ?? null) || !is_int($state['gen'] ?? null) || !is_int($state['floor'] ?? null)) {
            return null;
        }

        return [
            'epoch' => $state['epoch'],
            'gen' => $state['gen'],
            'floor' => $state['floor'],
            'boot' => is_string($state['boot'] ?? null) ? $state['boot'] : null,
        ];
    }

    /** @param array{epoch: string, gen: int, floor: int, boot: string|null} $state */
    private function writeState(array $state): void
    {
        GuardedFile::write($this->dir . '/' . self::STATE, json_encode($state, JSON_THROW_ON_ERROR));
    }

    /** @param array{boot: string|null} $state */
    private static function sameBoot(array $state): bool
    {
        $now = self::bootId();

        return $now === null || $state['boot'] === null || $now === $state['boot'];
    }

    private static function bootId(): ?string
    {
        $id = @file_get_contents(self::BOOT_ID);

        return is_string($id) && trim($id) !== '' ? trim($id) : null;
    }

    private static function newEpoch(): string
    {
        return bin2hex(random_bytes(8));
    }
}
