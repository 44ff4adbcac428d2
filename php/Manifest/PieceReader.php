<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Manifest;

use SiteBackups\Engine\Store\ObjectStore;

/**
 * Reads the lines of a list of pieces in order, one piece in memory at a time,
 * with a position (piece, offset) that can be saved and resumed.
 */
final class PieceReader
{
    private ?string $buffer = null;

    /** @param list<string> $pieces */
    public function __construct(
        private readonly ObjectStore $objects,
        private readonly array $pieces,
        private int $piece = 0,
        private int $offset = 0,
    ) {
    }

    /**
     * @param list<string> $pieces
     * @param array{0?: int, 1?: int}|null $position
     */
    public static function at(ObjectStore $objects, array $pieces, ?array $position): self
    {
        return new self($objects, $pieces, (int) ($position[0] ?? 0), (int) ($position[1] ?? 0));
    }

    /** The next line without consuming it; null at the end. */
    public function peek(): ?string
    {
        while ($this->piece < count($this->pieces)) {
            $this->buffer ??= $this->objects->readSmall($this->pieces[$this->piece]);
            if ($this->offset < strlen($this->buffer)) {
                $end = strpos($this->buffer, "\n", $this->offset);
                $end = false === $end ? strlen($this->buffer) : $end;
                return substr($this->buffer, $this->offset, $end - $this->offset);
            }
            $this->piece++;
            $this->offset = 0;
            $this->buffer = null;
        }
        return null;
    }

    public function advance(): void
    {
        $line = $this->peek();
        if (null !== $line) {
            $this->offset += strlen($line) + 1;
        }
    }

    /** @return \Generator<int, string> the remaining lines */
    public function lines(): \Generator
    {
        while (null !== ($line = $this->peek())) {
            $this->advance();
            yield $line;
        }
    }

    /** Index of the piece the next line comes from. */
    public function pieceIndex(): int
    {
        return $this->piece;
    }

    /** @return array{0: int, 1: int} */
    public function position(): array
    {
        return [$this->piece, $this->offset];
    }
}
