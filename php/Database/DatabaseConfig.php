<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

use InvalidArgumentException;

/**
 * Where a WordPress database lives and which table prefix belongs to the site.
 * Immutable; the password is kept out of var_dump/print_r output.
 * $foreignTables: tables and prefixes (ending in `_` or `*`) of the prefix that the
 * administrator says are not the site's (see TableOwnership).
 */
final class DatabaseConfig
{
    /** @param list<string> $foreignTables */
    public function __construct(
        public readonly string $host,
        public readonly string $user,
        #[\SensitiveParameter] private readonly string $password,
        public readonly string $name,
        public readonly string $tablePrefix = 'wp_',
        public readonly ?string $socket = null,
        public readonly ?int $port = null,
        public readonly array $foreignTables = [],
    ) {
        if ($tablePrefix === '') {
            // An empty prefix would select every table of the database.
            throw new InvalidArgumentException('The table prefix must not be empty.');
        }
    }

    /**
     * Builds a config from WordPress's DB_HOST syntax: "host", "host:3306",
     * "localhost:/path/to/mysqld.sock", "[::1]:3306" or ":/path/to/socket".
     */
    public static function fromWordPressHost(
        string $dbHost,
        string $user,
        #[\SensitiveParameter] string $password,
        string $name,
        string $tablePrefix = 'wp_',
    ): self {
        $host = $dbHost;
        $port = null;
        $socket = null;
        if (preg_match('/\A\[([^\]]+)\](?::(\d+))?\z/', $dbHost, $m) === 1) {
            $host = $m[1];
            $port = isset($m[2]) ? (int) $m[2] : null;
        } elseif (substr_count($dbHost, ':') === 1 || str_contains($dbHost, ':/')) {
            [$host, $rest] = explode(':', $dbHost, 2);
            if (ctype_digit($rest)) {
                $port = (int) $rest;
            } elseif ($rest !== '') {
                $socket = $rest;
            }
        }

        return new self($host === '' ? 'localhost' : $host, $user, $password, $name, $tablePrefix, $socket, $port);
    }

    public function password(): string
    {
        return $this->password;
    }

    public function withName(string $name): self
    {
        return $this->with($name, $this->tablePrefix, $this->foreignTables);
    }

    public function withTablePrefix(string $prefix): self
    {
        return $this->with($this->name, $prefix, $this->foreignTables);
    }

    /** @param array<mixed> $tables table names and prefixes (ending in `_` or `*`) that are not the site's; others are ignored */
    public function withForeignTables(array $tables): self
    {
        $tables = array_values(array_filter($tables, static fn (mixed $t): bool => is_string($t) && trim($t) !== ''));

        return $this->with($this->name, $this->tablePrefix, $tables);
    }

    /** @param list<string> $foreignTables */
    private function with(string $name, string $prefix, array $foreignTables): self
    {
        return new self(
            $this->host,
            $this->user,
            $this->password,
            $name,
            $prefix,
            $this->socket,
            $this->port,
            $foreignTables,
        );
    }

    /** @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return [
            'host' => $this->host,
            'user' => $this->user,
            'password' => '***',
            'name' => $this->name,
            'tablePrefix' => $this->tablePrefix,
            'socket' => $this->socket,
            'port' => $this->port,
            'foreignTables' => $this->foreignTables,
        ];
    }
}
