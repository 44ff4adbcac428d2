<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/** Which server a connection talks to (MariaDB or MySQL, and its version), asked once per connection. */
final class ServerVersion
{
    /** @var \WeakMap<Connection, self>|null */
    private static ?\WeakMap $byConnection = null;

    private function __construct(public readonly bool $mariaDb, private readonly string $number)
    {
    }

    public static function of(Connection $db): self
    {
        if (self::$byConnection === null) {
            /** @var \WeakMap<Connection, self> $fresh */
            $fresh = new \WeakMap();
            self::$byConnection = $fresh;
        }
        $map = self::$byConnection;
        if (!isset($map[$db])) {
            $map[$db] = self::parse((string) $db->fetchValue('SELECT VERSION()'));
        }

        return $map[$db];
    }

    /** From VERSION(): "10.11.6-MariaDB-0+deb12u1", "8.0.36", "5.5.5-10.6.12-MariaDB-log". */
    public static function parse(string $version): self
    {
        $mariaDb = stripos($version, 'mariadb') !== false;
        $text = $mariaDb ? (string) preg_replace('/\A5\.5\.5-/', '', $version) : $version;
        preg_match('/\A(\d+)\.(\d+)\.(\d+)/', $text, $parts);

        return new self($mariaDb, isset($parts[0]) ? sprintf('%d.%d.%d', $parts[1], $parts[2], $parts[3]) : '0.0.0');
    }

    public function atLeast(string $version): bool
    {
        return version_compare($this->number, $version, '>=');
    }
}
