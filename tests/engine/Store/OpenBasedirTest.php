<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Store;

use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Store\OpenBasedir;

final class OpenBasedirTest extends TestCase
{
    /** @return iterable<string, array{string, string, bool}> */
    public static function cases(): iterable
    {
        yield 'no open_basedir' => ['/anywhere', '', true];
        yield 'the folder itself' => ['/srv/site', '/srv/site/:/tmp/', true];
        yield 'below a folder entry' => ['/srv/site/wp-content/uploads', '/srv/site/:/tmp/', true];
        yield 'the folder above' => ['/srv', '/srv/site/:/tmp/', false];
        yield 'the root' => ['/', '/srv/site/:/tmp/', false];
        yield 'a sibling whose name starts alike' => ['/srv/site-two', '/srv/site/', false];
        yield 'an entry without a slash is a prefix, as PHP reads it' => ['/srv/site-two', '/srv/site', true];
        yield 'the second entry' => ['/tmp/x', '/srv/site/:/tmp/', true];
    }

    #[DataProvider('cases')]
    public function testAllowsWhatOpenBasedirAllows(string $path, string $setting, bool $allowed): void
    {
        self::assertSame($allowed, OpenBasedir::allows($path, $setting));
    }

    public function testReadsPhpsOwnSettingWhenNoneIsGiven(): void
    {
        self::assertSame('' === (string) ini_get('open_basedir'), OpenBasedir::allows('/'));
    }
}
