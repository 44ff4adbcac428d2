<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.

namespace SiteBackups\Engine\Manifest;

/** One line of a files manifest: a file, folder or symlink, or a path excluded or skipped with its reason. */
final class Entry
{
    public const FILE    = 'file';
    public const DIR     = 'dir';
    public const SYMLINK = 'symlink';
    public const OTHER   = 'other';

    public const OK       = 'ok';
    public const EXCLUDED = 'excluded';
    public const SKIPPED  = 'skipped';

    /**
     * @param list<string> $chunks content hashes, in order
     * @param string|null $redacted for a file stored with its secrets removed: the rules' fingerprint
     *                              (SecretRedaction); $size then counts the stored bytes, $sourceSize the file's
     * @param string|null $note how the secrets were removed, when it was not the usual way
     */
    public function __construct(
        public readonly string $path,
        public readonly string $type,
        public readonly string $status = self::OK,
        public readonly ?string $reason = null,
        public readonly int $size = 0,
        public readonly int $mode = 0,
        public readonly int $mtime = 0,
        public readonly int $inode = 0,
        public readonly ?string $target = null,
        public readonly array $chunks = [],
        public readonly ?string $redacted = null,
        public readonly ?int $sourceSize = null,
        public readonly ?string $note = null,
    ) {
    }

    public static function excluded(string $path, string $type, string $reason): self
    {
        return new self($path, $type, self::EXCLUDED, $reason);
    }

    public static function skipped(string $path, string $type, string $reason): self
    {
        return new self($path, $type, self::SKIPPED, $reason);
    }

    public function isBackedUp(): bool
    {
        return self::OK === $this->status;
    }

    public function toJson(): string
    {
        $data = self::text('path', $this->path) + ['type' => $this->type];
        if (self::OK !== $this->status) {
            $data['status'] = $this->status;
            $data['reason'] = (string) $this->reason;
            return json_encode(
                $data,
                JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE
            );
        }
        $data += ['mode' => $this->mode, 'mtime' => $this->mtime, 'ino' => $this->inode];
        if (self::FILE === $this->type) {
            $data += ['size' => $this->size, 'chunks' => $this->chunks];
            if (null !== $this->redacted) {
                $data += ['redacted' => $this->redacted, 'source_size' => (int) $this->sourceSize];
                $data += null === $this->note ? [] : ['note' => $this->note];
            }
        }
        if (null !== $this->target) {
            $data += self::text('target', $this->target);
        }
        return json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }

    public static function fromJson(string $line): self
    {
        $d = json_decode($line, true, 8, JSON_THROW_ON_ERROR);
        if (!is_array($d)) {
            throw new \UnexpectedValueException('Bad manifest line.');
        }
        return new self(
            self::untext($d, 'path') ?? '',
            (string) ($d['type'] ?? self::OTHER),
            (string) ($d['status'] ?? self::OK),
            isset($d['reason']) ? (string) $d['reason'] : null,
            (int) ($d['size'] ?? 0),
            (int) ($d['mode'] ?? 0),
            (int) ($d['mtime'] ?? 0),
            (int) ($d['ino'] ?? 0),
            self::untext($d, 'target'),
            array_values(array_map('strval', (array) ($d['chunks'] ?? []))),
            isset($d['redacted']) ? (string) $d['redacted'] : null,
            isset($d['source_size']) ? (int) $d['source_size'] : null,
            isset($d['note']) ? (string) $d['note'] : null,
        );
    }

    /**
     * File names need not be UTF-8; JSON needs it, so other byte strings travel base64-encoded.
     * @return array<string, string>
     */
    private static function text(string $key, string $value): array
    {
        return mb_check_encoding($value, 'UTF-8') ? [$key => $value] : [$key . '_b64' => base64_encode($value)];
    }

    /** @param array<string, mixed> $data */
    private static function untext(array $data, string $key): ?string
    {
        if (isset($data[$key . '_b64'])) {
            $raw = base64_decode((string) $data[$key . '_b64'], true);
            return false === $raw ? null : $raw;
        }
        return isset($data[$key]) ? (string) $data[$key] : null;
    }
}
