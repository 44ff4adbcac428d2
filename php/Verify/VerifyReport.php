<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Verify;

/** Missing and corrupt objects of a snapshot, each with the paths or labels that use it. */
final class VerifyReport
{
    private const USERS_PER_OBJECT = 20;

    public int $objectsChecked = 0;
    public int $references = 0;
    /** @var array<string, list<string>> hash => users */
    public array $missing = [];
    /** @var array<string, list<string>> hash => users */
    public array $corrupt = [];

    public function __construct(public readonly string $snapshotId, public readonly ?int $sample)
    {
    }

    public function isOk(): bool
    {
        return [] === $this->missing && [] === $this->corrupt;
    }

    public function addUser(string $kind, string $hash, string $user): void
    {
        $list = &$this->{$kind};
        $list[$hash] ??= [];
        if (count($list[$hash]) < self::USERS_PER_OBJECT && !in_array($user, $list[$hash], true)) {
            $list[$hash][] = $user;
        }
    }

    /** @return array<string, mixed> */
    public function toArray(): array
    {
        return [
            'snapshot'        => $this->snapshotId,
            'ok'              => $this->isOk(),
            'sample'          => $this->sample,
            'objects_checked' => $this->objectsChecked,
            'references'      => $this->references,
            'missing'         => $this->missing,
            'corrupt'         => $this->corrupt,
        ];
    }
}
