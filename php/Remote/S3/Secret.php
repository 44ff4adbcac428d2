<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Remote\S3;

use LogicException;

/**
 * A secret string that stays out of var_dump, print_r, var_export, json_encode,
 * (array) casts, serialize and string conversion. The value is not a property
 * of the object at all (var_export and (array) ignore __debugInfo, and print_r
 * shows what a closure captured): it lives in a static map keyed by the object.
 */
final class Secret
{
    /** @var \WeakMap<Secret, string>|null */
    private static ?\WeakMap $values = null;

    public function __construct(#[\SensitiveParameter] string $value)
    {
        self::store($this, $value);
    }

    /** A copy would be a new key without a value: there is nothing to gain from one anyway. */
    private function __clone()
    {
    }

    public function reveal(): string
    {
        return self::$values[$this] ?? '';
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

    private static function store(self $secret, #[\SensitiveParameter] string $value): void
    {
        if (self::$values === null) {
            /** @var \WeakMap<Secret, string> $values */
            $values = new \WeakMap();
            self::$values = $values;
        }
        self::$values[$secret] = $value;
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
