<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use LogicException;

/**
 * A secret string that stays out of var_dump, print_r, var_export, json_encode,
 * serialize and string conversion. The value sits inside a closure because
 * var_export and (array) casts ignore __debugInfo but cannot look into one.
 */
final class Secret
{
    private readonly \Closure $value;

    public function __construct(#[\SensitiveParameter] string $value)
    {
        $this->value = static fn (): string => $value;
    }

    public function reveal(): string
    {
        return ($this->value)();
    }

    public function isEmpty(): bool
    {
        return $this->reveal() === '';
    }

    /** Replaces every occurrence of the secret in a text meant for people or logs. */
    public function redact(string $text): string
    {
        $value = $this->reveal();

        return $value === '' ? $text : str_replace($value, '***', $text);
    }

    public function __toString(): string
    {
        return '***';
    }

    /** @return array<string, string> */
    public function __debugInfo(): array
    {
        return ['value' => '***'];
    }

    /** @return array<string, mixed> */
    public function __serialize(): array
    {
        throw new LogicException('A secret cannot be serialized.');
    }

    /** @param array<string, mixed> $data */
    public function __unserialize(array $data): void
    {
        throw new LogicException('A secret cannot be unserialized.');
    }
}
