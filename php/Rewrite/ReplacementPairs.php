<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Rewrite;

use InvalidArgumentException;

/**
 * The from => to strings a rewrite replaces, as written in plain text. The
 * replacer derives the JSON-escaped and URL-encoded forms itself.
 *
 * forSiteMove() builds the pairs for moving a site from one URL to another:
 *
 *     forSiteMove('http://old.test', 'https://new.test/wp')
 *       http://old.test  => https://new.test/wp
 *       https://old.test => https://new.test/wp   (either scheme lands on the new site's own scheme)
 *       //old.test       => //new.test/wp         (protocol-relative stays protocol-relative)
 *
 * A trailing slash is dropped from both URLs, so `http://old.test/wp-content`
 * becomes `https://new.test/wp/wp-content`. When home and siteurl differ (WordPress
 * in a subfolder), pass both moves to forSiteMoves(): the longer match wins.
 */
final class ReplacementPairs
{
    /** @param array<string, string> $pairs from => to, non-empty, from !== to */
    private function __construct(private readonly array $pairs)
    {
    }

    /** @param array<array-key, string> $pairs from => to */
    public static function fromMap(array $pairs): self
    {
        $clean = [];
        foreach ($pairs as $from => $to) {
            $from = (string) $from;
            if ($from === '') {
                throw new InvalidArgumentException('A replacement needs a non-empty search string.');
            }
            if ($from !== $to) {
                $clean[$from] = $to;
            }
        }

        return new self($clean);
    }

    public static function forSiteMove(string $oldUrl, string $newUrl): self
    {
        [$oldScheme, $oldRest] = self::split($oldUrl);
        [$newScheme, $newRest] = self::split($newUrl);
        if ($oldScheme === $newScheme && $oldRest === $newRest) {
            // The same site: links to its other scheme are left as they are.
            return self::fromMap([]);
        }
        $newUrl = $newScheme . ':' . $newRest;

        return self::fromMap([
            'http:' . $oldRest => $newUrl,
            'https:' . $oldRest => $newUrl,
            $oldRest => $newRest,
        ]);
    }

    /** @param list<array{string, string}> $moves [old URL, new URL] each, e.g. home and siteurl */
    public static function forSiteMoves(array $moves): self
    {
        $pairs = self::fromMap([]);
        foreach ($moves as [$old, $new]) {
            $pairs = $pairs->with(self::forSiteMove($old, $new));
        }

        return $pairs;
    }

    /** Both sets; the same search string with two different replacements is refused. */
    public function with(self $other): self
    {
        $merged = $this->pairs;
        foreach ($other->pairs as $from => $to) {
            $from = (string) $from;
            if (isset($merged[$from]) && $merged[$from] !== $to) {
                throw new InvalidArgumentException(
                    sprintf('"%s" cannot be replaced by both "%s" and "%s".', $from, $merged[$from], $to)
                );
            }
            $merged[$from] = $to;
        }

        return new self($merged);
    }

    /** @return array<string, string> from => to */
    public function toMap(): array
    {
        return $this->pairs;
    }

    public function isEmpty(): bool
    {
        return $this->pairs === [];
    }

    /** Identifies the pairs in a cursor, so a cursor is never resumed with other pairs. */
    public function fingerprint(): string
    {
        $map = $this->pairs;
        ksort($map, SORT_STRING);

        $json = (string) json_encode($map, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE);

        return substr(hash('sha256', $json), 0, 16);
    }

    /** @return array{string, string} the scheme ("http"/"https") and the rest, "//host[:port][/path]" */
    private static function split(string $url): array
    {
        $url = rtrim(trim($url), '/');
        if (preg_match('~\A(https?)(://[^/?#\s]+(?:/[^?#\s]*)?)\z~i', $url, $m) !== 1) {
            throw new InvalidArgumentException(
                sprintf('"%s" is not an http(s) site URL without query or fragment.', $url)
            );
        }

        return [strtolower($m[1]), substr($m[2], 1)];
    }
}
