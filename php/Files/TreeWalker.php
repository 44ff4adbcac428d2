<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Files;

/**
 * Walks a folder tree (or a SiteTree, with its mounts grafted) depth-first, names sorted byte by byte (the PathOrder of manifests),
 * holding only the listings of the folders on the current path. It can be rebuilt in a new
 * process from the last path done, which is all a resumable scan needs to persist.
 */
final class TreeWalker
{
    /** @var list<array{dir: string, names: list<string>, next: int}> */
    private array $stack = [];

    private function __construct(private readonly SiteTree $tree)
    {
    }

    /**
     * @param string|null $lastDone the last path handed out and recorded (null: start at the top)
     * @param bool $enteredLast whether that path was a folder whose contents come next
     */
    public static function resumeAfter(SiteTree|string $root, ?string $lastDone, bool $enteredLast): self
    {
        $walker = new self($root instanceof SiteTree ? $root : SiteTree::at($root));
        if (null === $lastDone || '' === $lastDone) {
            $walker->enter('');
            return $walker;
        }
        $dir = '';
        foreach (explode('/', $lastDone) as $name) {
            $names = $walker->listing($dir) ?? [];
            $next  = 0;
            while ($next < count($names) && strcmp($names[$next], $name) <= 0) {
                $next++;
            }
            $walker->stack[] = ['dir' => $dir, 'names' => $names, 'next' => $next];
            $dir = '' === $dir ? $name : $dir . '/' . $name;
        }
        if ($enteredLast) {
            $walker->enter($lastDone);
        }
        return $walker;
    }

    /** @return string|null the next relative path, null when the walk is over */
    public function next(): ?string
    {
        while ([] !== $this->stack) {
            $top = count($this->stack) - 1;
            $frame = &$this->stack[$top];
            if ($frame['next'] < count($frame['names'])) {
                $name = $frame['names'][$frame['next']++];
                return '' === $frame['dir'] ? $name : $frame['dir'] . '/' . $name;
            }
            unset($frame);
            array_pop($this->stack);
        }
        return null;
    }

    /** Queues a folder's contents to come next; false when it cannot be listed. */
    public function enter(string $relative): bool
    {
        $names = $this->listing($relative);
        if (null === $names) {
            return false;
        }
        $this->stack[] = ['dir' => $relative, 'names' => $names, 'next' => 0];
        return true;
    }

    /** @return list<string>|null */
    private function listing(string $relative): ?array
    {
        return $this->tree->listing($relative);
    }
}
