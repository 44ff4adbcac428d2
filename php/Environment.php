<?php

declare(strict_types=1);

namespace SiteBackups\Engine;

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Database\DatabaseConfig;
use SiteBackups\Engine\Files\SecretRedaction;
use SiteBackups\Engine\Files\SiteTree;

/**
 * A WordPress installation the engine can back up: production (the site the plugin runs on) or
 * staging (a second installation known to it). It holds database credentials, so it lives in
 * memory only: the engine persists its name, root, URL and table prefix, never the object itself.
 */
final class Environment
{
    public const PRODUCTION = 'production';
    public const STAGING    = 'staging';

    public readonly string $tablePrefix;

    /**
     * @param string $name production or staging
     * @param string $root the folder WordPress is installed in (ABSPATH)
     * @param string $url the site URL (home)
     * @param DatabaseConfig $database the connection, with the site's table prefix
     * @param SecretRedaction|null $secrets files whose secrets are removed before they are stored (wp-config.php)
     * @param array<string, string> $folders parts of the site kept outside root: canonical prefix => folder
     *                                       ("wp-content", "wp-content/uploads", SiteTree::HOME…)
     */
    public function __construct(
        public readonly string $name,
        public readonly string $root,
        public readonly string $url,
        public readonly DatabaseConfig $database,
        public readonly ?SecretRedaction $secrets = null,
        public readonly array $folders = [],
    ) {
        if (self::PRODUCTION !== $name && self::STAGING !== $name) {
            throw new \InvalidArgumentException('An environment is either production or staging.');
        }
        if ('' === trim($root)) {
            throw new \InvalidArgumentException('An environment needs its root folder.');
        }
        $this->tablePrefix = $database->tablePrefix;
    }

    /** The site's files as one tree in the standard layout, its parts kept elsewhere grafted in. */
    public function tree(): SiteTree
    {
        return SiteTree::withFolders($this->root, $this->folders);
    }

    public function isStaging(): bool
    {
        return self::STAGING === $this->name;
    }

    public function connect(): Connection
    {
        return Connection::open($this->database);
    }

    /** @return array<string, mixed> */
    public function __serialize(): array
    {
        throw new \LogicException('An environment holds database credentials and is never serialised.');
    }
}
