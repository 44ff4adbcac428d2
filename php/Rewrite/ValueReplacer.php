<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Rewrite;

/**
 * Replaces the pairs in one stored value (no database), safely for PHP
 * serialized data and JSON.
 *
 * - Serialized values are rewritten token by token (SerializedRewriter), never
 *   unserialized; a string inside them is rewritten like a value of its own, so
 *   serialized data or JSON nested in a serialized string is handled at any depth.
 * - A value that starts like serialized data but does not parse (for instance a
 *   length already broken by another tool) is left byte for byte unchanged and
 *   counted as malformed.
 * - A custom-serialized object (`C:`) payload is rewritten only when it is itself
 *   one complete serialize() value, which is what Serializable::serialize()
 *   implementations nearly always return; any other payload holding a search
 *   string is left unchanged and counted as opaque.
 * - Anything else is text (HTML, JSON, block editor comments): TextReplacer.
 */
final class ValueReplacer
{
    private readonly TextReplacer $text;
    private int $malformed = 0;
    private int $opaque = 0;

    public function __construct(private readonly ReplacementPairs $pairs)
    {
        $this->text = new TextReplacer($pairs);
    }

    /** The usual set-up: see ReplacementPairs::forSiteMove() for the pairs it makes. */
    public static function forSiteMove(string $oldUrl, string $newUrl): self
    {
        return new self(ReplacementPairs::forSiteMove($oldUrl, $newUrl));
    }

    public function pairs(): ReplacementPairs
    {
        return $this->pairs;
    }

    /**
     * A value containing none of these is never changed.
     *
     * @return list<string>
     */
    public function needles(): array
    {
        return $this->text->needles();
    }

    public function mightChange(string $value): bool
    {
        return $this->text->mightChange($value);
    }

    public function replace(string $value): ReplacedValue
    {
        $this->malformed = 0;
        $this->opaque = 0;
        $result = $this->rewrite($value, 0);

        return new ReplacedValue($result, $result !== $value, $this->malformed, $this->opaque);
    }

    private function rewrite(string $value, int $depth): string
    {
        if (!$this->text->mightChange($value)) {
            return $value;
        }
        if (!SerializedRewriter::looksSerialized($value)) {
            return $this->text->replace($value);
        }

        return $this->rewriteSerialized($value, $depth) ?? $this->markMalformed($value);
    }

    private function rewritePayload(string $payload, int $depth): string
    {
        if (!$this->text->mightChange($payload)) {
            return $payload;
        }
        $rewritten = SerializedRewriter::looksSerialized($payload) ? $this->rewriteSerialized($payload, $depth) : null;
        if ($rewritten === null) {
            ++$this->opaque;

            return $payload;
        }

        return $rewritten;
    }

    /** The rewritten data, or null (with the counts of its inner parts undone) when it does not parse. */
    private function rewriteSerialized(string $data, int $depth): ?string
    {
        $counts = [$this->malformed, $this->opaque];
        try {
            return SerializedRewriter::rewrite($data, $depth, $this->rewrite(...), $this->rewritePayload(...));
        } catch (MalformedSerialized) {
            [$this->malformed, $this->opaque] = $counts;

            return null;
        }
    }

    private function markMalformed(string $value): string
    {
        ++$this->malformed;

        return $value;
    }
}
