<?php

declare(strict_types=1);

// phpcs:disable WordPress.WP.AlternativeFunctions.file_system_operations_fclose, WordPress.WP.AlternativeFunctions.file_system_operations_fread -- the engine runs without WordPress (php/README.md) and does its own file I/O on streams, the store and the site's files; WP_Filesystem has no streams.
// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- plain-text messages: the plugin passes them on as REST JSON data and WP-CLI text, and escapes them where it prints HTML.

namespace SiteBackups\Engine\Store;

/**
 * Streams an object's plaintext back block by block and re-hashes it on the way,
 * so a reader that reaches the end knows the content is intact.
 */
final class ObjectReader
{
    private const STORED_BLOCK = 8192; // deflate expands at most ~1032:1, so each read inflates to under 9 MB
    private const RAW_BLOCK    = 262144; // a raw object's blocks come back as they are: fewer, larger reads

    private WholeSha256 $hash;
    private ?\InflateContext $inflate = null;
    private bool $eof = false;
    private bool $streamEnded = false;
    private int $fed = 0;
    private bool $verified = false;

    /** @param resource $fp */
    public function __construct(private readonly string $expectedHash, private $fp)
    {
        $this->hash = new WholeSha256();
        if (!GuardedFile::hasGuard($fp)) {
            $this->fail('guard line missing');
        }
        $header = (string) fread($fp, ObjectHeader::LENGTH);
        if (ObjectHeader::DEFLATE === ObjectHeader::decode($header, $expectedHash)) {
            $this->inflate = inflate_init(ZLIB_ENCODING_RAW) ?: null;
        }
    }

    /** @return string|null the next block of plaintext; null at the end, once the hash has been checked */
    public function read(): ?string
    {
        while (!$this->eof) {
            $stored = fread($this->fp, null === $this->inflate ? self::RAW_BLOCK : self::STORED_BLOCK);
            if (false === $stored) {
                $this->fail('read error');
            }
            $atEnd = '' === $stored || feof($this->fp);
            $plain = $stored;
            if (null !== $this->inflate) {
                $plain = $this->inflated($this->inflate, $stored, $atEnd);
            }
            if ($atEnd) {
                $this->finish();
            }
            if ('' !== $plain) {
                $this->hash->add($plain);
                return $plain;
            }
        }
        $this->verifyOnce();
        return null;
    }

    public function close(): void
    {
        if (is_resource($this->fp)) {
            fclose($this->fp);
        }
    }

    private function finish(): void
    {
        $this->eof = true;
        if (null !== $this->inflate && !$this->streamEnded) {
            $this->fail('compressed data truncated');
        }
    }

    /**
     * Inflates one stored block. The compressed stream may end exactly at a block boundary: the
     * read that then returns nothing must not feed the finished stream again (zlib would report
     * it unfinished), and bytes after the stream's end mean the object was tampered with.
     */
    private function inflated(\InflateContext $inflate, string $stored, bool $atEnd): string
    {
        if ($this->streamEnded) {
            if ('' !== $stored) {
                $this->fail('data after the end of the compressed stream');
            }
            return '';
        }
        $this->fed += strlen($stored);
        $plain = @inflate_add($inflate, $stored, $atEnd ? ZLIB_FINISH : ZLIB_SYNC_FLUSH);
        if (false === $plain) {
            $this->fail('compressed data damaged');
        }
        if (ZLIB_STREAM_END === inflate_get_status($inflate)) {
            $this->streamEnded = true;
            if (inflate_get_read_len($inflate) < $this->fed) {
                $this->fail('data after the end of the compressed stream');
            }
        }
        return $plain;
    }

    private function verifyOnce(): void
    {
        if ($this->verified) {
            return;
        }
        $this->verified = true;
        $this->close();
        if (!hash_equals($this->expectedHash, $this->hash->digest())) {
            throw new ObjectCorrupt($this->expectedHash, 'content does not match its hash');
        }
    }

    private function fail(string $why): never
    {
        $this->close();
        throw new ObjectCorrupt($this->expectedHash, $why);
    }
}
