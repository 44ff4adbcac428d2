<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

/** Where a files scan stands, in a form that survives the process (it is part of state.json). */
final class FilesCursor
{
    /**
     * @param string|null $lastDone last path recorded in the manifest
     * @param bool $enteredLast whether that path is a folder whose contents come next
     * @param array{0: int, 1: int} $parentPosition where the parent manifest is read next
     * @param array<string, mixed>|null $inFile a large file being read across steps
     */
    public function __construct(
        public ?string $lastDone = null,
        public bool $enteredLast = false,
        public array $parentPosition = [0, 0],
        public ?array $inFile = null,
        public bool $done = false,
    ) {
    }

    /** @param array<string, mixed> $data */
    public static function fromArray(array $data): self
    {
        $position = array_values((array) ($data['parent_position'] ?? []));
        return new self(
            isset($data['last']) ? (string) $data['last'] : null,
            (bool) ($data['entered_last'] ?? false),
            [(int) ($position[0] ?? 0), (int) ($position[1] ?? 0)],
            isset($data['in_file']) ? (array) $data['in_file'] : null,
            (bool) ($data['done'] ?? false),
        );
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return [
            'last'            => $this->lastDone,
            'entered_last'    => $this->enteredLast,
            'parent_position' => $this->parentPosition,
            'in_file'         => $this->inFile,
            'done'            => $this->done,
        ];
    }
}
