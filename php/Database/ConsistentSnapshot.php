<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * One read view of the database for as long as the same Connection keeps it: every read on the
 * connection sees the data as it stood at one moment (REPEATABLE READ, START TRANSACTION WITH
 * CONSISTENT SNAPSHOT), as `mysqldump --single-transaction` reads. Shared by everything that reads
 * through the same Connection object, so a process that goes on with the same connection (one long
 * command line run) keeps one view from slice to slice, and a new connection (a new web request)
 * starts a new one. A statement that ends the transaction (DDL on this connection, a lost
 * connection) is noticed at the next hold(), which then begins a new view under a new token.
 *
 * Only InnoDB honours the view; other engines (MyISAM, Aria) are read as they are at each query.
 *
 * Each view comes with the WriteHorizon read just before it began: a table last stamped before that
 * has had no write committed since the view began (a transaction open then, committing later, is
 * stamped with its own start, which the horizon is taken before).
 */
final class ConsistentSnapshot
{
    /** @var \WeakMap<Connection, self>|null */
    private static ?\WeakMap $byConnection = null;
    private ?string $token = null;
    private float $moment = 0.0;
    private int $horizon = 0;
    /** Connection::mayHaveEndedTransactions() when the view's transaction was last known open. */
    private int $seenOpenAt = -1;

    private function __construct(private readonly Connection $db)
    {
    }

    public static function on(Connection $db): self
    {
        if (self::$byConnection === null) {
            /** @var \WeakMap<Connection, self> $fresh */
            $fresh = new \WeakMap();
            self::$byConnection = $fresh;
        }
        $map = self::$byConnection;
        if (!isset($map[$db])) {
            $map[$db] = new self($db);
        }

        return $map[$db];
    }

    /**
     * The view in effect, begun now when there is none.
     *
     * @return array{0: string, 1: float, 2: int} a token naming this view (another view never has it), the
     *                                            server's UNIX_TIMESTAMP() at which it was taken, and its write
     *                                            horizon (WriteHorizon::$horizon, read before it began)
     */
    public function hold(): array
    {
        if ($this->token !== null && $this->isStillOpen()) {
            return [$this->token, $this->moment, $this->horizon];
        }
        // Before the view: a transaction that begins after this read is stamped after the horizon.
        $this->horizon = WriteHorizon::read($this->db)->horizon;
        $this->db->execute('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        $this->db->execute('START TRANSACTION WITH CONSISTENT SNAPSHOT');
        $this->moment = (float) $this->db->fetchValue('SELECT UNIX_TIMESTAMP(NOW(6))');
        $this->token = bin2hex(random_bytes(8));
        $this->seenOpenAt = $this->db->mayHaveEndedTransactions();

        return [$this->token, $this->moment, $this->horizon];
    }

    /**
     * Whether the view's transaction is still open: certain when only plain reads ran on the connection
     * since it was last seen open (a read per chunk would otherwise cost a round trip per chunk), else
     * asked of the server.
     */
    private function isStillOpen(): bool
    {
        if ($this->db->mayHaveEndedTransactions() === $this->seenOpenAt) {
            return true;
        }
        if ($this->db->fetchValue('SELECT @@in_transaction') !== '1') {
            return false;
        }
        $this->seenOpenAt = $this->db->mayHaveEndedTransactions();

        return true;
    }

    /**
     * The token of the view as last held, without asking the server; null when none is. Callers between
     * two hold()s (a chunk's reads) use it to tell one view from the next.
     */
    public function token(): ?string
    {
        return $this->token;
    }

    /** Ends the view (it only ever read: COMMIT and ROLLBACK are the same to it). */
    public function release(): void
    {
        if ($this->token === null) {
            return;
        }
        $this->token = null;
        try {
            $this->db->execute('COMMIT');
        } catch (DatabaseException) {
            // A connection already gone has ended the transaction with it.
        }
    }

    /** The server's clock now, as UNIX_TIMESTAMP() with microseconds. */
    public function now(): float
    {
        return (float) $this->db->fetchValue('SELECT UNIX_TIMESTAMP(NOW(6))');
    }
}
