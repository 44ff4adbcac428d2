<?php
/**
 * The rooms' folders depend one way: reads the `use` statements of php/ and plugin/ and fails,
 * naming the files behind each edge, when folders name each other in a circle (php-checks).
 * A file at the top of a room (Repository.php, Environment.php, Plugin.php) counts on its own.
 *
 *     php tests/phpstan/folder-cycles.php
 */

declare(strict_types=1);

$repo  = dirname(__DIR__, 2);
$rooms = ['SiteBackups\\Engine\\' => 'php', 'SiteBackups\\' => 'plugin'];

/** The node of a class name: "php/Restore", "plugin/Jobs", or a top-level file such as "php/Repository.php". */
function node_of(string $class, array $rooms): ?string
{
    foreach ($rooms as $prefix => $room) {
        if (str_starts_with($class, $prefix)) {
            $rest = explode('\\', substr($class, strlen($prefix)));
            return 1 === count($rest) ? "$room/{$rest[0]}.php" : "$room/{$rest[0]}";
        }
    }
    return null;
}

/** @return list<string> the classes a file imports with `use` at its top level (grouped uses included) or names in full */
function imports(string $code): array
{
    $names = [];
    $tokens = token_get_all($code);
    $depth = 0;
    for ($i = 0, $n = count($tokens); $i < $n; $i++) {
        $token = $tokens[$i];
        if (is_array($token) && T_NAME_FULLY_QUALIFIED === $token[0]) {
            $names[] = $token[1];
        } elseif ('{' === $token || (is_array($token) && in_array($token[0], [T_CURLY_OPEN, T_DOLLAR_OPEN_CURLY_BRACES], true))) {
            $depth++;
        } elseif ('}' === $token) {
            $depth--;
        } elseif (is_array($token) && T_USE === $token[0] && 0 === $depth) {
            $statement = '';
            while (++$i < $n && ';' !== $tokens[$i]) {
                $statement .= is_array($tokens[$i]) ? $tokens[$i][1] : $tokens[$i];
            }
            $statement = preg_replace('/\s+|\bfunction\b|\bconst\b/', '', $statement);
            if (preg_match('/^(.*)\\\\\{(.*)\}$/', $statement, $group)) {
                foreach (explode(',', $group[2]) as $member) {
                    $names[] = $group[1] . '\\' . preg_replace('/as\w+$/', '', $member);
                }
            } else {
                foreach (explode(',', $statement) as $one) {
                    $names[] = preg_replace('/as\w+$/', '', $one);
                }
            }
        }
    }
    return $names;
}

$edges = [];
foreach ($rooms as $room) {
    $files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator("$repo/$room", FilesystemIterator::SKIP_DOTS));
    foreach ($files as $file) {
        if ('php' !== $file->getExtension()) {
            continue;
        }
        $code = (string) file_get_contents($file->getPathname());
        if (!preg_match('/^namespace\s+([\w\\\\]+);/m', $code, $namespace)) {
            continue;
        }
        $from = node_of($namespace[1] . '\\' . $file->getBasename('.php'), $rooms);
        foreach (imports($code) as $class) {
            $to = node_of(ltrim($class, '\\'), $rooms);
            if (null !== $to && null !== $from && $to !== $from) {
                $edges[$from][$to][] = substr($file->getPathname(), strlen($repo) + 1);
            }
        }
    }
}

// Tarjan's strongly connected components: every component of more than one node is a circle.
$index = $low = $onStack = [];
$stack = [];
$counter = 0;
$circles = [];
$visit = function (string $node) use (&$visit, &$index, &$low, &$onStack, &$stack, &$counter, &$circles, $edges): void {
    $index[$node] = $low[$node] = $counter++;
    $stack[] = $node;
    $onStack[$node] = true;
    foreach (array_keys($edges[$node] ?? []) as $next) {
        if (!isset($index[$next])) {
            $visit($next);
            $low[$node] = min($low[$node], $low[$next]);
        } elseif (isset($onStack[$next])) {
            $low[$node] = min($low[$node], $index[$next]);
        }
    }
    if ($low[$node] === $index[$node]) {
        $component = [];
        do {
            $member = array_pop($stack);
            unset($onStack[$member]);
            $component[] = $member;
        } while ($member !== $node);
        if (count($component) > 1) {
            $circles[] = $component;
        }
    }
};
foreach (array_keys($edges) as $node) {
    if (!isset($index[$node])) {
        $visit($node);
    }
}

foreach ($circles as $circle) {
    sort($circle);
    echo 'These folders name each other in a circle: ', implode(', ', $circle), "\n";
    foreach ($circle as $from) {
        foreach ($edges[$from] as $to => $files) {
            if (in_array($to, $circle, true)) {
                echo "  $from -> $to: ", implode(', ', array_unique($files)), "\n";
            }
        }
    }
}
exit([] === $circles ? 0 : 1);
