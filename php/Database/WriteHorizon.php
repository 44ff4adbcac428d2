<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * The server time before which every write a backup can have missed was stamped: taken when a backup
 * starts, before it reads anything, and kept with its snapshot for the next backup to compare
 * UPDATE_TIME with.
 *
 * MariaDB stamps UPDATE_TIME with the time the writing transaction began, not when it committed, so a
 * transaction open across the start of a backup commits rows the backup did not see under a stamp
 * older than that start. Every such transaction is open at the start, so the horizon is the earlier of
 * the server's clock and the start of the oldest transaction open then (information_schema.INNODB_TRX,
 * whole seconds), less EXACT_MARGIN for the rounding of both to whole seconds. Without the PROCESS
 * privilege INNODB_TRX cannot be read: the horizon is then the clock less BLIND_MARGIN, a bound on how
 * long a writing transaction stays open, and a table stamped inside it is left to the other proofs.
 */
final class WriteHorizon
{
    public const EXACT_MARGIN = 2;
    public const BLIND_MARGIN = 3600;

    /**
     * @param float $clock the server's UNIX_TIMESTAMP() when it was read
     * @param int $horizon no write committed after $clock is stamped before this
     * @param bool $exact whether the open transactions could be seen (else BLIND_MARGIN was taken)
     */
    public function __construct(public readonly float $clock, public readonly int $horizon, public readonly bool $exact)
    {
    }

    public static function read(Connection $db): self
    {
        $clock = (float) $db->fetchValue('SELECT UNIX_TIMESTAMP(NOW(6))');
        try {
            $oldest = $db->fetchValue(
                'SELECT MIN(UNIX_TIMESTAMP(trx_started)) FROM information_schema.INNODB_TRX'
                . ' WHERE trx_mysql_thread_id <> CONNECTION_ID()'
            );
        } catch (DatabaseException) {
            // No PROCESS privilege (the common case on shared hosting): the open transactions are not known.
            return new self($clock, (int) floor($clock) - self::BLIND_MARGIN, false);
        }
        $start = $oldest === null ? (int) floor($clock) : min((int) floor($clock), (int) $oldest);

        return new self($clock, $start - self::EXACT_MARGIN, true);
    }

    /** Whether a table last stamped at $updated (UPDATE_TIME, server seconds) has had no write committed since $clock. */
    public function before(?int $updated): bool
    {
        return $updated !== null && $updated < $this->horizon;
    }

    /** @return array{clock: float, horizon: int, exact: bool} */
    public function toArray(): array
    {
        return ['clock' => $this->clock, 'horizon' => $this->horizon, 'exact' => $this->exact];
    }

    /** @param mixed $data toArray() as stored; null when it is not one */
    public static function fromArray(mixed $data): ?self
    {
        if (!is_array($data) || !is_numeric($data['clock'] ?? null) || !is_int($data['horizon'] ?? null) || !is_bool($data['exact'] ?? null)) {
            return null;
        }

        return new self((float) $data['clock'], $data['horizon'], $data['exact']);
    }
}
