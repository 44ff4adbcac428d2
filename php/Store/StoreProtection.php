<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Store;

/**
 * Files that keep a store inside the web root from being served or backed up:
 * deny rules for Apache 2.2 and 2.4, IIS, an empty index.php and the scanner's exclusion marker.
 */
final class StoreProtection
{
    public const MARKER = '.donotbackup';

    private const HTACCESS = <<<'TXT'
# Site Backups: this folder holds backups and must never be served.
<IfModule mod_authz_core.c>
	Require all denied
</IfModule>
<IfModule !mod_authz_core.c>
	Order deny,allow
	Deny from all
</IfModule>
Options -Indexes

TXT;

    private const WEB_CONFIG = <<<'TXT'
<?xml version="1.0" encoding="UTF-8"?>
<configuration>
	<system.webServer>
		<authorization>
			<deny users="*" />
		</authorization>
		<security>
			<authorization>
				<remove users="*" roles="" verbs="" />
				<add accessType="Deny" users="*" />
			</authorization>
		</security>
		<directoryBrowse enabled="false" />
	</system.webServer>
</configuration>

TXT;

    /** @return array<string, string> file name => contents */
    public static function files(): array
    {
        return [
            '.htaccess'  => self::HTACCESS,
            'web.config' => self::WEB_CONFIG,
            'index.php'  => "<?php\n// Silence is golden.\n",
            self::MARKER => "Site Backups store: excluded from file backups.\n",
        ];
    }

    /** Writes any protection file that is missing; existing ones are left alone. */
    public static function apply(string $dir): void
    {
        Durable::makeDir($dir);
        foreach (self::files() as $name => $contents) {
            if (!is_file($dir . '/' . $name)) {
                Durable::writeFile($dir . '/' . $name, $contents);
            }
        }
    }
}
