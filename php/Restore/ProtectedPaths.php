<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Files\SiteTree;

/**
 * What a files restore must leave alone in the target: paths the caller names (wp-config.php, the
 * plugin's own folder), the store and the staging area when they live inside the site, paths the
 * backup did not hold (excluded or unreadable then), and what the exclusion rules leave out now
 * (caches made since). Ancestors of a protected path are never removed either.
 */
final class ProtectedPaths
{
    /** @var list<string> */
    private array $paths = [];

    private readonly SiteTree $site;

    /**
     * @param SiteTree|string $site the site, or its folder when all of it lives there
     * @param list<string> $relative canonical paths (relative to the WordPress folder, see SiteTree)
     * @param list<string> $absolute files or folders that may or may not be in the site
     */
    public function __construct(
        SiteTree|string $site,
        array $relative,
        array $absolute = [],
        private readonly ?ExclusionRules $rules = null,
    ) {
        $this->site = $site instanceof SiteTree ? $site : SiteTree::at($site);
        foreach ($relative as $path) {
            $this->add($path);
        }
        foreach ($absolute as $path) {
            $this->add($this->site->relativeOf($path) ?? '');
        }
    }

    public function add(string $relative): void
    {
        $relative = trim($relative, '/');
        if ('' !== $relative) {
            $this->paths[] = $relative;
        }
    }

    /** A path to leave exactly as it is, with everything under it. */
    public function isProtected(string $relative): bool
    {
        foreach ($this->paths as $path) {
            if ($relative === $path || str_starts_with($relative, $path . '/')) {
                return true;
            }
        }
        if (null !== $this->rules) {
            $absolute = $this->site->absolute($relative);
            return null !== $this->rules->reasonFor($relative, $absolute, is_dir($absolute) && !is_link($absolute));
        }
        return false;
    }

    /** A folder holding a protected path: it may be entered, never removed or replaced. */
    public function holdsProtected(string $relative): bool
    {
        foreach ($this->paths as $path) {
            if (str_starts_with($path, $relative . '/')) {
                return true;
            }
        }
        return false;
    }
}
