<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Files;

/**
 * Which site files hold secrets that must not be stored (wp-config.php), and which of their
 * constants lose their values: the whole value, or only the values of some array keys. The rules
 * hold names only, never a secret, so they travel in the backup's persisted state.
 */
final class SecretRedaction
{
    public const MARKER = '[removed by Site Backups: set it again on a new server]';
    /** Variables that are not the file's own: what they index names the environment, not a value. */
    public const SUPERGLOBALS = [
        '$GLOBALS', '$_SERVER', '$_ENV', '$_GET', '$_POST', '$_COOKIE', '$_REQUEST', '$_FILES', '$_SESSION',
    ];
    /** Bumped when the way files are redacted changes, so no copy redacted the old way is reused. */
    private const VERSION = 1;

    /** @var list<string> */
    public readonly array $paths;

    /**
     * @param list<string> $paths files relative to the site root
     * @param array<string, list<string>> $constants constant name => array keys whose values go ([]: the whole value)
     * @param string $fallbackPrefix when a file cannot be parsed, every statement naming a constant that
     *                               starts with it loses its strings
     */
    public function __construct(
        array $paths,
        public readonly array $constants,
        public readonly string $fallbackPrefix,
    ) {
        $clean = [];
        foreach ($paths as $path) {
            $path = trim($path, '/');
            if ('' !== $path && !in_array('..', explode('/', $path), true)) {
                $clean[] = $path;
            }
        }
        $this->paths = array_values(array_unique($clean));
    }

    public function covers(string $relative): bool
    {
        return in_array($relative, $this->paths, true);
    }

    /** Whether a piece of text names one of the constants (or any with the fallback prefix): a comment saying so goes too. */
    public function isMentionedIn(string $text): bool
    {
        if ('' !== $this->fallbackPrefix && false !== stripos($text, $this->fallbackPrefix)) {
            return true;
        }
        foreach (array_keys($this->constants) as $name) {
            if ('' !== $name && false !== stripos($text, $name)) {
                return true;
            }
        }
        return false;
    }

    /** The marker as a PHP string literal, in place of a value. */
    public static function quotedMarker(): string
    {
        return "'" . self::MARKER . "'";
    }

    /** The marker as a comment of the same kind, in place of one. */
    public static function commentInPlaceOf(string $comment): string
    {
        return str_starts_with($comment, '/*')
            ? '/* ' . self::MARKER . ' */'
            : '// ' . self::MARKER . (str_ends_with($comment, "\n") ? "\n" : '');
    }

    /** Names the rules: a copy stored under other rules (or none) is redacted again rather than reused. */
    public function fingerprint(): string
    {
        $rules = json_encode(
            [self::VERSION, self::MARKER, $this->constants, $this->fallbackPrefix],
            JSON_THROW_ON_ERROR
        );
        return substr(hash('sha256', $rules), 0, 16);
    }

    /** @return array{paths: list<string>, constants: array<string, list<string>>, fallback_prefix: string} */
    public function toArray(): array
    {
        return ['paths' => $this->paths, 'constants' => $this->constants, 'fallback_prefix' => $this->fallbackPrefix];
    }

    /** @param array<string, mixed> $data */
    public static function fromArray(array $data): ?self
    {
        if ([] === $data) {
            return null;
        }
        $constants = [];
        foreach ((array) ($data['constants'] ?? []) as $name => $keys) {
            $constants[(string) $name] = array_values(array_map('strval', (array) $keys));
        }
        return new self(
            array_values(array_map('strval', (array) ($data['paths'] ?? []))),
            $constants,
            (string) ($data['fallback_prefix'] ?? ''),
        );
    }
}
