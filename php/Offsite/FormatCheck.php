<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fopen, WordPress.WP.AlternativeFunctions.file_system_operations_fwrite -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.WP.AlternativeFunctions.json_encode_json_encode -- the engine runs without WordPress (php/README.md), where wp_json_encode() does not exist; the flags given decide the output.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Offsite;

/**
 * The bucket's format record (always plain JSON) says how its copies were made. Copies made
 * with another key, or without one, are never mixed with ours: the message says what differs.
 */
final class FormatCheck
{
    public function __construct(private readonly Bucket $bucket, private readonly OffsiteLayout $layout)
    {
    }

    /**
     * Writes the format record, or checks the one there. A bucket of format 1 (objects one by
     * one) is marked format 2 before the first pack goes in, so older versions stop at it.
     */
    public function ensure(): void
    {
        if (!$this->bucket->exists(OffsiteLayout::FORMAT)) {
            $this->write();
            return;
        }
        $found = $this->read();
        $this->check($found);
        if ((int) ($found['format'] ?? 0) < OffsiteLayout::VERSION) {
            $this->write();
        }
    }

    private function write(): void
    {
        $json = json_encode($this->layout->formatRecord(), JSON_THROW_ON_ERROR) . "\n";
        $body = TempStream::of($json);
        try {
            $this->bucket->put(OffsiteLayout::FORMAT, $body, strlen($json));
        } finally {
            fclose($body);
        }
    }

    /** @param array<mixed> $found */
    private function check(array $found): void
    {
        $wanted = $this->layout->formatRecord();
        if ((int) ($found['format'] ?? 0) > OffsiteLayout::VERSION) {
            throw new OffsiteException('The off-site copies at ' . $this->bucket->describe() . ' were made by a newer version of Site Backups.');
        }
        if ((bool) ($found['encrypted'] ?? false) !== $wanted['encrypted']) {
            throw new OffsiteException($wanted['encrypted']
                ? 'The off-site copies at ' . $this->bucket->describe() . ' are not encrypted, but an encryption key is set: remove the key or use another bucket or prefix.'
                : 'The off-site copies at ' . $this->bucket->describe() . ' are encrypted, and no encryption key is set.');
        }
        if ($wanted['encrypted'] && !hash_equals((string) ($found['key_check'] ?? ''), (string) $wanted['key_check'])) {
            throw new OffsiteException('The off-site copies at ' . $this->bucket->describe() . ' were encrypted with another key than the one set now.');
        }
    }

    /** @return array<mixed> */
    private function read(): array
    {
        $out = TempStream::of();
        try {
            $this->bucket->get(OffsiteLayout::FORMAT, $out);
            rewind($out);
            $data = json_decode((string) stream_get_contents($out, 65536), true);
        } finally {
            fclose($out);
        }
        if (!is_array($data)) {
            throw new OffsiteException('The bucket at ' . $this->bucket->describe() . ' holds files that are not Site Backups copies.');
        }
        return $data;
    }
}
