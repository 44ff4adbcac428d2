<?php

declare(strict_types=1);

// phpcs:disable WordPress.DB.RestrictedFunctions.mysql_mysqli_init, WordPress.DB.RestrictedFunctions.mysql_mysqli_report, WordPress.DB.RestrictedFunctions.mysql_mysqli_poll -- the engine opens its own connection with the session settings a consistent dump and load need; $wpdb gives none.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Database;

use mysqli;
use mysqli_driver;
use mysqli_result;
use mysqli_sql_exception;
use Throwable;

/**
 * One mysqli connection with the session the dump format relies on: utf8mb4,
 * UTC for TIMESTAMP columns, a lax SQL mode so zero dates dump and load.
 *
 * mysqli's report mode is process-global and WordPress's wpdb expects it off,
 * so every call switches to exceptions and restores the previous mode after.
 */
final class Connection
{
    /** The session SQL mode: no strict mode (zero dates load), no ANSI_QUOTES (SHOW CREATE uses backticks). */
    public const SESSION_SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';

    /** The table a statement works on, named after its keyword, quoted or not. */
    private const TABLE_AFTER_KEYWORD = '/\b(?:INTO|FROM|UPDATE|TABLES?|VIEW|TRIGGER)\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?'
        . '(`(?:[^`]|``){1,192}`|[A-Za-z0-9_$.]{1,128})/i';

    /** A plain name (a column, a key, db.table) the server may quote without quoting a value. */
    private const PLAIN_NAME = '/\A[A-Za-z_][A-Za-z0-9_$]{0,63}(\.[A-Za-z_][A-Za-z0-9_$]{0,63})?\z/';

    /** A statement that only reads: no implicit commit, no lock that could end in a deadlock's rollback. */
    private const PLAIN_READ = '/\A\s*(?:SELECT|SHOW)\b(?!.*\b(?:FOR\s+UPDATE|FOR\s+SHARE|LOCK\s+IN\s+SHARE\s+MODE)\b)/is';

    /** Statements run that may have ended an open transaction (see mayHaveEndedTransactions()). */
    private int $transactionEnders = 0;

    /** The head of a statement send() sent whose answer has not been read yet (for its error's wording). */
    private ?string $inFlight = null;

    /** @var (\Closure(): bool)|null work to do while the server runs what send() sent (see whileWaiting()) */
    private ?\Closure $waitingWork = null;

    private function __construct(private mysqli $mysqli, private readonly string $databaseName)
    {
    }

    public static function open(DatabaseConfig $config, int $connectTimeoutSeconds = 10): self
    {
        $connection = self::guarded(static function () use ($config, $connectTimeoutSeconds): self {
            $mysqli = mysqli_init();
            if ($mysqli === false) {
                throw new DatabaseException('mysqli could not be initialised.');
            }
            $mysqli->options(MYSQLI_OPT_CONNECT_TIMEOUT, $connectTimeoutSeconds);
            // Values as the server's text: exact for DECIMAL/BIGINT, identical from day to day.
            $mysqli->options(MYSQLI_OPT_INT_AND_FLOAT_NATIVE, 0);
            $mysqli->real_connect(
                $config->host,
                $config->user,
                $config->password(),
                $config->name,
                $config->port ?? 0,
                $config->socket ?? '',
            );
            $mysqli->set_charset('utf8mb4');

            return new self($mysqli, $config->name);
        }, sprintf('Could not connect to database "%s"', $config->name));
        $connection->execute(
            "SET SESSION sql_mode = '" . self::SESSION_SQL_MODE . "', time_zone = '+00:00',"
            . ' sql_quote_show_create = 1, net_write_timeout = 600, net_read_timeout = 600'
        );

        return $connection;
    }

    public function databaseName(): string
    {
        return $this->databaseName;
    }

    /** Runs a statement that returns no rows. */
    public function execute(string $sql): void
    {
        $result = $this->run($sql, MYSQLI_STORE_RESULT);
        if ($result instanceof mysqli_result) {
            $result->free();
        }
    }

    /**
     * Sends a statement that returns no rows without waiting for the server to run it, so that the
     * caller can prepare the next one meanwhile. Its answer is read before anything else runs on the
     * connection (settle()), and its error is thrown there.
     */
    public function send(string $sql): void
    {
        if (!defined('MYSQLI_ASYNC')) {
            $this->execute($sql); // mysqli built on libmysqlclient (PHP 8.1 at most) has no asynchronous queries
            return;
        }
        $this->settle();
        $this->transactionEnders++;
        $this->failureEnds(fn () => $this->mysqli->query($sql, MYSQLI_ASYNC), 'Query failed', $sql);
        // The head names the statement in an error; the rest (rows) need not stay in memory.
        $this->inFlight = substr($sql, 0, 512);
    }

    /**
     * Gives the connection work to do while the server runs a statement send() sent, instead of
     * waiting idle: $work does a small part of it and returns whether any is left. Null: none.
     *
     * @param (\Closure(): bool)|null $work
     */
    public function whileWaiting(?\Closure $work): void
    {
        $this->waitingWork = $work;
    }

    /** Waits for the statement send() sent, if any: throws what the server said of it. */
    public function settle(): void
    {
        if ($this->inFlight === null) {
            return;
        }
        try {
            $this->workWhileBusy();
        } catch (Throwable $e) {
            $this->waitingWork = null;
            // The answer is read all the same, so the connection can still be used (or closed cleanly).
            try {
                $this->reap();
            } catch (Throwable) {
                // The work's failure is the one to report.
            }
            throw $e;
        }
        $this->reap();
    }

    /** Runs the waiting work, a part at a time, for as long as the server has not answered. */
    private function workWhileBusy(): void
    {
        while ($this->waitingWork !== null && !$this->isAnswered()) {
            if (!($this->waitingWork)()) {
                $this->waitingWork = null;
            }
        }
    }

    /** Whether the server answered what send() sent, waiting up to $seconds for it. */
    private function isAnswered(int $seconds = 0): bool
    {
        $read = $error = $reject = [$this->mysqli];
        // mysqli_poll() leaves in $reject the links with nothing to wait for: reap_async_query() says why.
        return mysqli_poll($read, $error, $reject, $seconds, 0) !== 0 || $reject !== []; // @phpstan-ignore booleanOr.alwaysTrue, notIdentical.alwaysTrue (the stub does not say that mysqli_poll() writes $reject)
    }

    /** Reads the answer to what send() sent: throws what the server said of it. */
    private function reap(): void
    {
        $sql = (string) $this->inFlight;
        $this->inFlight = null;
        $this->failureEnds(function (): void {
            while (!$this->isAnswered(1)) {
                // Waits a second at a time.
            }
            $result = $this->mysqli->reap_async_query();
            if ($result instanceof mysqli_result) {
                $result->free();
            }
        }, 'Query failed', $sql);
    }

    /** @return list<array<string, string|null>> */
    public function fetchAll(string $sql): array
    {
        $result = $this->run($sql, MYSQLI_STORE_RESULT);
        if (!$result instanceof mysqli_result) {
            return [];
        }
        $rows = $result->fetch_all(MYSQLI_ASSOC);
        $result->free();

        return $rows;
    }

    /** @return array<string, string|null>|null */
    public function fetchRow(string $sql): ?array
    {
        return $this->fetchAll($sql)[0] ?? null;
    }

    public function fetchValue(string $sql): ?string
    {
        $row = $this->fetchRow($sql);

        return $row === null ? null : array_values($row)[0];
    }

    /**
     * Streams the rows of a query one by one without buffering the result in
     * PHP memory. The connection can run no other query until the generator ends.
     *
     * @return \Generator<int, list<string|null>>
     */
    public function streamRows(string $sql): \Generator
    {
        $result = $this->run($sql, MYSQLI_USE_RESULT);
        if (!$result instanceof mysqli_result) {
            return;
        }
        try {
            while (true) {
                /** @var list<string|null>|null|false $row */
                $row = $this->failureEnds(static fn () => $result->fetch_row(), 'Reading rows failed');
                if (!is_array($row)) {
                    break;
                }
                yield $row;
            }
        } finally {
            // Also runs when the consumer stops early: drains the rest of an unbuffered result. A
            // generator PHP destroys while unwinding from a lost server may come here without its locals.
            if (isset($result)) { // @phpstan-ignore isset.variable (see above: not always so during unwinding)
                $result->free();
            }
        }
    }

    /**
     * How many statements so far might have ended an open transaction: every one but a plain read, and
     * every one that failed (a lost connection ends it too). While this stays the same, a transaction
     * known to be open still is, without asking the server.
     */
    public function mayHaveEndedTransactions(): int
    {
        return $this->transactionEnders;
    }

    /** Escapes a value for a single-quoted string literal. */
    public function quote(string $value): string
    {
        return SqlLiteral::string($value);
    }

    /**
     * Escape hatch for callers that need the raw handle (e.g. the restore swap). Statements run on it
     * directly escape mayHaveEndedTransactions(), so none may run on it while a read view is held.
     */
    public function mysqli(): mysqli
    {
        $this->settle();

        return $this->mysqli;
    }

    public function close(): void
    {
        try {
            $this->mysqli->close();
        } catch (Throwable) {
            // Already closed.
        }
    }

    private function run(string $sql, int $mode): mysqli_result|bool
    {
        $this->settle();
        if (preg_match(self::PLAIN_READ, $sql) !== 1) {
            $this->transactionEnders++;
        }
        return $this->failureEnds(fn () => $this->mysqli->query($sql, $mode), 'Query failed', $sql);
    }

    /**
     * guarded(), counting a failure among the statements that may have ended a transaction (a lost
     * connection ends it too).
     *
     * @template T
     * @param callable(): T $operation
     * @return T
     */
    private function failureEnds(callable $operation, string $context, ?string $sql = null): mixed
    {
        try {
            return self::guarded($operation, $context, $sql);
        } catch (DatabaseException $e) {
            $this->transactionEnders++;
            throw $e;
        }
    }

    /**
     * @template T
     * @param callable(): T $operation
     * @return T
     */
    private static function guarded(callable $operation, string $context, ?string $sql = null): mixed
    {
        $driver = new mysqli_driver();
        $previousMode = $driver->report_mode;
        mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
        try {
            return $operation();
        } catch (mysqli_sql_exception $e) {
            throw self::translate($e, $context, $sql);
        } finally {
            mysqli_report($previousMode);
        }
    }

    private static function translate(mysqli_sql_exception $e, string $context, ?string $sql): DatabaseException
    {
        if (
            $e->getCode() === DatabaseException::ER_NO_SUCH_TABLE
            && preg_match("/Table '(?:[^'.]*\\.)?([^']*)' doesn't exist/", $e->getMessage(), $m) === 1
        ) {
            // Dump queries name only the table; a loaded statement is worth naming.
            $isDumpQuery = $sql === null || preg_match('/\A(SELECT|SHOW)\b/i', $sql) === 1;

            return new TableNotFoundException($m[1], $e, $isDumpQuery ? null : self::describe($sql));
        }
        if ($sql === null) {
            $message = sprintf('%s: %s (error %d)', $context, $e->getMessage(), $e->getCode());

            return new DatabaseException($message, (int) $e->getCode(), $e);
        }
        // Statements carry rows (passwords, emails) and so may the server's message: neither is quoted.
        $reason  = self::withoutValues($e->getMessage());
        $message = sprintf('%s failed: %s (error %d)', self::describe($sql), $reason, $e->getCode());

        return new DatabaseException($message, (int) $e->getCode(), $e);
    }

    /** The statement's kind and table, e.g. "INSERT into `wp_posts`": never its values. */
    private static function describe(string $sql): string
    {
        $head = ltrim((string) preg_replace('~\A(\s*/\*.*?\*/)+~s', '', $sql));
        $head = substr($head, 0, strcspn($head, "'\"")); // what comes before the first string literal
        $kind = preg_match('/\A[A-Za-z]+/', $head, $m) === 1 ? strtoupper($m[0]) : 'Statement';
        $object = preg_match('/\b(TABLE|VIEW|TRIGGER)\b/i', $head, $m) === 1 ? strtoupper($m[1]) : null;
        if ($object !== null && in_array($kind, ['CREATE', 'DROP', 'ALTER'], true)) {
            $kind .= ' ' . $object;
        }
        $table = preg_match(self::TABLE_AFTER_KEYWORD, $head, $name) === 1 ? $name[1] : null;
        if ($table === null) {
            return $kind;
        }
        $preposition = match ($kind) {
            'INSERT', 'REPLACE' => 'into',
            'SELECT', 'DELETE'  => 'from',
            default             => 'on',
        };

        return sprintf('%s %s %s', $kind, $preposition, $table);
    }

    /**
     * The server's message with what it quotes from the rows taken out: the entry of a duplicate key,
     * the SQL near a syntax error, a rejected value, and any quoted text that is not a plain name.
     */
    private static function withoutValues(string $message): string
    {
        $message = (string) preg_replace(
            [
                "/(Duplicate entry )'.*'( for key)/s",
                "/( near )'.*'( at line \\d+)/s",
                "/(value: )'.*?'(?= for | at |$)/s",
            ],
            '$1[value]$2',
            $message
        );

        return (string) preg_replace_callback(
            "/'([^']*)'/",
            static fn (array $q): string => preg_match(self::PLAIN_NAME, $q[1]) === 1 ? $q[0] : '[value]',
            $message
        );
    }
}
