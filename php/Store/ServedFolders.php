<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.parse_url_parse_url -- the engine runs without WordPress (php/README.md), where wp_parse_url() does not exist; PHP 8.1 and later parse URLs consistently.

namespace SiteBackups\Engine\Store;

/**
 * The folders a web server may serve on this host, worked out from what the plugin knows:
 *  - each site's folder (WordPress, or a staging copy) and the document root its URL implies: a site
 *    at http://example.com/wp/ whose folder is /srv/public_html/wp is served from /srv/public_html;
 *  - the document root the web server reported for this request, if any;
 *  - any folder holding a web index page or another WordPress (a site living in a subfolder of
 *    another site's document root cannot see that site's URL, but it can see its index.php).
 * A path is served when it lies inside one of them. Nothing here guesses in the unsafe direction:
 * a fact that cannot be read (a URL path that does not match the folder) only adds the folder itself.
 */
final class ServedFolders
{
    /** Files that make a folder a document root: a web index page, or the root of another WordPress. */
    private const WEB_ROOT_FILES = ['index.php', 'index.html', 'index.htm', 'wp-load.php'];

    /** @var list<string> */
    private readonly array $folders;

    /**
     * @param string $siteRoot the WordPress folder of the site the plugin runs on (ABSPATH)
     * @param list<string> $urlPaths paths of the URLs that folder answers at (site URL and home URL)
     * @param string|null $documentRoot the web server's document root for this request; null outside one
     * @param array<string, list<string>> $otherSites folder => URL paths of the other sites on this host (staging)
     */
    public function __construct(
        private readonly string $siteRoot,
        array $urlPaths,
        ?string $documentRoot = null,
        array $otherSites = [],
    ) {
        $folders = self::foldersOfSite($siteRoot, $urlPaths);
        foreach ($otherSites as $root => $paths) {
            $folders = array_merge($folders, self::foldersOfSite((string) $root, $paths));
        }
        if (null !== $documentRoot && '' !== trim($documentRoot)) {
            $folders[] = self::normalize($documentRoot);
        }
        $this->folders = array_values(array_unique($folders));
    }

    /**
     * The document root a web request reports, or null where none applies. On the command line
     * $_SERVER holds the shell's environment (or WP-CLI's stand-in, the WordPress folder), which says
     * nothing about the web server, so it is not taken.
     * @param array<mixed> $server $_SERVER
     */
    public static function documentRootFrom(array $server, string $sapi): ?string
    {
        $root = $server['DOCUMENT_ROOT'] ?? null;
        if ('cli' === $sapi || 'phpdbg' === $sapi || !is_string($root) || '' === trim($root)) {
            return null;
        }
        return $root;
    }

    /** @return list<string> the served folders known from the facts (real paths where they exist) */
    public function folders(): array
    {
        return $this->folders;
    }

    /** Whether a URL may lead to $path: it lies in a served folder, or below a folder that looks like a document root. */
    public function serves(string $path): bool
    {
        $path = self::normalize($path);
        if ($this->insideKnownFolder($path)) {
            return true;
        }
        $dir = $path; // the folders above it only: a store holds an index.php of its own
        do {
            $dir = dirname($dir);
            if (self::looksLikeDocumentRoot($dir)) {
                return true;
            }
        } while (dirname($dir) !== $dir);
        return false;
    }

    /**
     * The nearest folder above the site that no known document root contains: where a folder for the
     * store would be outside every served folder. Null when there is none (a served folder reaches
     * the top, or the folder found is itself a document root, such as another site's).
     */
    public function nearestOutsideParent(): ?string
    {
        $dir = dirname(self::normalize($this->siteRoot));
        while ($this->insideKnownFolder($dir)) {
            if (dirname($dir) === $dir) {
                return null;
            }
            $dir = dirname($dir);
        }
        return $this->serves($dir . '/' . StoreLocation::PREFIX . 'store') ? null : $dir;
    }

    /**
     * The folder of a site and the document root its URL path implies.
     * @param list<string> $urlPaths
     * @return list<string>
     */
    private static function foldersOfSite(string $root, array $urlPaths): array
    {
        $root    = self::normalize($root);
        $folders = [$root];
        foreach ($urlPaths as $urlPath) {
            $documentRoot = self::documentRootOf($root, $urlPath);
            if (null !== $documentRoot) {
                $folders[] = $documentRoot;
            }
        }
        return $folders;
    }

    /**
     * The folder a URL path is relative to: /srv/public_html for /srv/public_html/wp at /wp/. Null when
     * the folder's name does not end with the URL's path (an alias: only the folder itself is known).
     */
    public static function documentRootOf(string $root, string $urlPath): ?string
    {
        $segments = array_values(array_filter(
            explode('/', rawurldecode((string) parse_url($urlPath, PHP_URL_PATH))),
            static fn (string $segment): bool => '' !== $segment && '.' !== $segment
        ));
        $dir = rtrim($root, '/');
        foreach (array_reverse($segments) as $segment) {
            if ('' === $dir || 0 !== strcasecmp(basename($dir), $segment)) {
                return null;
            }
            $dir = dirname($dir);
        }
        return '' === $dir ? '/' : $dir;
    }

    private function insideKnownFolder(string $path): bool
    {
        foreach ($this->folders as $folder) {
            if (StoreLocation::isInside($path, $folder)) {
                return true;
            }
        }
        return false;
    }

    private static function looksLikeDocumentRoot(string $dir): bool
    {
        if (!OpenBasedir::allows($dir)) {
            // PHP may not look there (a host's open_basedir), and no site of this PHP lives there.
            return false;
        }
        foreach (self::WEB_ROOT_FILES as $file) {
            if (is_file($dir . '/' . $file)) {
                return true;
            }
        }
        return false;
    }

    /** The real path of $path, or of its nearest existing parent followed by the rest; no trailing slash. */
    private static function normalize(string $path): string
    {
        $path = '/' . trim($path, '/');
        $rest = '';
        $dir  = $path;
        while (false === ($real = @realpath($dir))) {
            if (dirname($dir) === $dir) {
                return $path;
            }
            $rest = '/' . basename($dir) . $rest;
            $dir  = dirname($dir);
        }
        $full = rtrim($real, '/') . $rest;
        return '' === $full ? '/' : $full;
    }
}
