<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Store\StoreException;

/**
 * The recovery key kept in the store folder: recovery-key.php, guarded and owner-only (0600),
 * {"key": base64, "shown": bool}. "shown" says whether an administrator has seen the key (it was
 * revealed once, or typed in); it lives beside the key so a new key is never taken as seen.
 * Changes happen under a lock (recovery-key-lock.php), so two requests never make two keys and a
 * key is revealed once.
 */
final class RecoveryKeyFile
{
    public const FILE = 'recovery-key.php';
    private const LOCK = 'recovery-key-lock.php';

    public function __construct(private readonly string $dir)
    {
    }

    /**
     * @return array{key: RecoveryKey, shown: bool}|null null when no key was made or set here
     * @throws OffsiteException when the file is damaged (never replaced then: it may be the only copy)
     */
    public function read(): ?array
    {
        try {
            $json = GuardedFile::read($this->dir . '/' . self::FILE);
        } catch (StoreException $e) {
            throw new OffsiteException(
                'The recovery key in the backup store cannot be read: ' . $e->getMessage(),
                0,
                $e
            );
        }
        if (null === $json) {
            return null;
        }
        $data = json_decode($json, true);
        if (!is_array($data) || !is_string($data['key'] ?? null)) {
            throw new OffsiteException('The recovery key in the backup store is damaged.');
        }

        return ['key' => RecoveryKey::fromEncoded($data['key']), 'shown' => true === ($data['shown'] ?? null)];
    }

    /** The key, made now (random, not shown yet) when there is none. */
    public function ensure(): RecoveryKey
    {
        $found = $this->read();
        if (null !== $found) {
            return $found['key'];
        }

        return $this->locked(function (): RecoveryKey {
            $found = $this->read(); // another request may have made it while this one waited
            if (null !== $found) {
                return $found['key'];
            }
            $key = RecoveryKey::generate();
            $this->write($key, false);
            return $key;
        });
    }

    /** Puts an administrator's key in place of any other: they have it, so it counts as shown. */
    public function replace(RecoveryKey $key): void
    {
        $this->locked(fn () => $this->write($key, true));
    }

    /** The key the first time it is asked for (made now if need be), then null ever after. */
    public function revealOnce(): ?RecoveryKey
    {
        return $this->locked(function (): ?RecoveryKey {
            $found = $this->read();
            if (null !== $found && $found['shown']) {
                return null;
            }
            $key = $found['key'] ?? RecoveryKey::generate();
            $this->write($key, true);
            return $key;
        });
    }

    private function write(RecoveryKey $key, bool $shown): void
    {
        Durable::makeDir($this->dir);
        $json = (string) json_encode(['key' => $key->encoded(), 'shown' => $shown]);
        GuardedFile::write($this->dir . '/' . self::FILE, $json, 0600);
    }

    /**
     * @template T
     * @param callable(): T $work
     * @return T
     */
    private function locked(callable $work): mixed
    {
        Durable::makeDir($this->dir);
        $path = $this->dir . '/' . self::LOCK;
        $fp = Durable::open($path, 'c+b');
        if (false === $fp) {
            throw new OffsiteException('Could not open the lock of the recovery key in the backup store.');
        }
        try {
            if (!flock($fp, LOCK_EX)) {
                throw new OffsiteException('Could not lock the recovery key in the backup store.');
            }
            $stat = fstat($fp);
            if (false !== $stat && 0 === $stat['size']) {
                GuardedFile::writeGuard($fp, $path);
            }
            return $work();
        } finally {
            fclose($fp); // releases the lock
        }
    }
}
