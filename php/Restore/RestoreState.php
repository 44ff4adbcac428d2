<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Restore;

/**
 * Everything a restore in progress needs to continue in a new process. The caller keeps it between
 * slices (the plugin, in its job record) as toArray() gives it; the keys are those the job records
 * of earlier versions hold, so a restore begun before an update carries on after it.
 */
final class RestoreState
{
    /**
     * @param string $source the environment the backup is of
     * @param array<mixed>|null $rewrite where rewriting the site's address stopped (DatabaseRewriter's cursor)
     * @param array{last: string|null, entered: bool}|null $prune where removing the files added since the backup
     *                                                     stopped (FilesRestore's cursor)
     * @param int|null $filesTotal the entries the files phase stages (FilesRestore::checkPaths()); null until checked
     * @param int $filesStaged those staged so far
     */
    public function __construct(
        public readonly RestorePhase $phase,
        public readonly RestorePhase $afterFetch,
        public readonly string $source,
        public readonly ?string $safety = null,
        public readonly bool $safetyDone = false,
        public readonly int $fetched = 0,
        public readonly int $fetchedBytes = 0,
        public readonly bool $dbPrepared = false,
        public readonly ?string $area = null,
        public readonly int $filesDone = 0,
        public readonly ?array $rewrite = null,
        public readonly bool $dbSwapped = false,
        public readonly ?array $prune = null,
        public readonly bool $pruned = false,
        public readonly bool $filesMoved = false,
        public readonly ?int $filesTotal = null,
        public readonly int $filesStaged = 0,
    ) {
    }

    /** Whether the restore has begun changing the target: it can then only go forward. */
    public function isCommitted(): bool
    {
        return $this->phase->isCommitted();
    }

    /** A copy with the named fields changed, e.g. with(phase: RestorePhase::Files). */
    public function with(mixed ...$changes): self
    {
        return new self(...array_merge(get_object_vars($this), $changes));
    }

    /**
     * @param array<mixed> $data as toArray() gave it
     * @throws \UnexpectedValueException when it names no phase a restore has
     */
    public static function fromArray(array $data): self
    {
        $phase = RestorePhase::tryFrom(is_string($data['phase'] ?? null) ? $data['phase'] : '')
            ?? throw new \UnexpectedValueException('it lost track of where it was');
        return new self(
            $phase,
            RestorePhase::tryFrom(is_string($data['after_fetch'] ?? null) ? $data['after_fetch'] : '') ?? $phase,
            (string) ($data['source'] ?? ''),
            isset($data['safety']) ? (string) $data['safety'] : null,
            !empty($data['safety_done']),
            (int) ($data['fetched'] ?? 0),
            (int) ($data['fetched_bytes'] ?? 0),
            !empty($data['db_prepared']),
            isset($data['area']) ? (string) $data['area'] : null,
            (int) ($data['files_done'] ?? 0),
            is_array($data['rewrite'] ?? null) ? $data['rewrite'] : null,
            !empty($data['db_swapped']),
            self::pruneCursor($data['prune'] ?? null),
            !empty($data['pruned']),
            !empty($data['files_moved']),
            is_int($data['files_total'] ?? null) ? $data['files_total'] : null,
            (int) ($data['files_staged'] ?? 0),
        );
    }

    /** @return array{last: string|null, entered: bool}|null */
    private static function pruneCursor(mixed $cursor): ?array
    {
        if (!is_array($cursor)) {
            return null;
        }
        return [
            'last'    => isset($cursor['last']) ? (string) $cursor['last'] : null,
            'entered' => !empty($cursor['entered']),
        ];
    }

    /**
     * Plain values only (JSON-serialisable); fields at their starting value are left out.
     * `committed` is written for whoever reads the record without this class (cancel is refused then).
     * @return array<string, mixed>
     */
    public function toArray(): array
    {
        $data = [
            'phase'         => $this->phase->value,
            'after_fetch'   => $this->afterFetch->value,
            'source'        => $this->source,
            'committed'     => $this->isCommitted(),
            'safety'        => $this->safety,
            'safety_done'   => $this->safetyDone ?: null,
            'fetched'       => $this->fetched ?: null,
            'fetched_bytes' => $this->fetchedBytes ?: null,
            'db_prepared'   => $this->dbPrepared ?: null,
            'area'          => $this->area,
            'files_done'    => null === $this->area ? null : $this->filesDone,
            'rewrite'       => $this->rewrite,
            'db_swapped'    => $this->dbSwapped ?: null,
            'prune'         => $this->prune,
            'pruned'        => $this->pruned ?: null,
            'files_moved'   => $this->filesMoved ?: null,
            'files_total'   => $this->filesTotal,
            'files_staged'  => $this->filesStaged ?: null,
        ];
        return array_filter($data, static fn (mixed $value): bool => null !== $value);
    }
}
