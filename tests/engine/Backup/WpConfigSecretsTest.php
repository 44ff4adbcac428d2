<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Download\SnapshotArchive;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Download\ZipTools;
use SiteBackups\Tests\Engine\Files\PhpSecretRedactorTest;
use SiteBackups\Tests\Engine\Support\CountingOpener;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/** A backup never holds the bucket's secret, the encryption key or the recovery key from wp-config.php. */
final class WpConfigSecretsTest extends EngineTestCase
{
	private const SECRETS = ['bucket-secret-9f2c', 'encryption-key-4d1a', 'dq-secret-77b0', 'dq-key-51e3', 'recovery-key-c0ff'];

	private const WP_CONFIG = <<<'PHP'
	<?php
	define( 'DB_NAME', 'site_db' );
	define( 'DB_USER', 'site_user' );
	if ( 'staging' === getenv( 'WP_ENV' ) ) {
		define( "SITE_BACKUPS_OFFSITE", [ "secret" => "dq-secret-77b0", "encryption_key" => "dq-key-51e3", "bucket" => "staging-bucket" ] );
	} else {
		define( 'SITE_BACKUPS_OFFSITE', array(
			'endpoint'       => 'https://s3.example.com',
			'bucket'         => 'site-bucket',
			'access_key'     => 'AKIAEXAMPLE',
			'secret'         => 'bucket-secret-9f2c',
			'encryption_key' => 'encryption-key-4d1a',
		) );
	}
	define( "SITE_BACKUPS_RECOVERY_KEY", getenv( 'SB_RECOVERY_KEY' ) ?: "recovery-key-c0ff" );
	$table_prefix = 'wp_';
	PHP;

	public function testTheStoredCopyHasNoSecretStillParsesAndVerifies(): void
	{
		$this->write('wp-config.php', self::WP_CONFIG);
		$this->write('index.php', '<?php // front');

		$record = $this->backUp(['redaction' => $this->rulesFor()]);

		$this->assertTrue((new Verifier($this->store))->verify($record->id)->isOk());
		$restored = $this->tmp . '/restored';
		RestoredCopy::files($this->store, $record->id, $restored);
		$zip = $this->tmp . '/backup.zip';
		$out = fopen($zip, 'xb');
		SnapshotArchive::open($this->store, $record->id)->writeTo($out);
		fclose($out);
		ZipTools::extract($zip, $this->tmp . '/unzipped');
		foreach ([$restored . '/wp-config.php', $this->tmp . '/unzipped/files/wp-config.php'] as $copy) {
			$stored = (string) file_get_contents($copy);
			foreach (self::SECRETS as $secret) {
				$this->assertStringNotContainsString($secret, $stored, $copy);
			}
			$this->assertStringContainsString("define( 'DB_NAME', 'site_db' );", $stored);
			$this->assertStringContainsString("'bucket'         => 'site-bucket',", $stored);
			$this->assertStringContainsString('"bucket" => "staging-bucket"', $stored);
			$this->assertSame(0, PhpSecretRedactorTest::lint($stored), 'the stored copy is still valid PHP');
		}
		$entry = $this->entry($record, 'wp-config.php');
		$this->assertSame(filesize($restored . '/wp-config.php'), $entry->size, 'the manifest describes the stored bytes');
		$this->assertSame(filesize($this->site . '/wp-config.php'), $entry->sourceSize);
		$this->assertFileEquals($this->site . '/index.php', $restored . '/index.php');
	}

	public function testTheNextBackupReusesTheRedactedCopyUntilTheFileChanges(): void
	{
		$this->write('wp-config.php', self::WP_CONFIG, 1_700_000_000);
		$first  = $this->backUp(['redaction' => $this->rulesFor()]);
		$opener = new CountingOpener($this->site);

		$second = $this->backUp(['redaction' => $this->rulesFor()], opener: $opener);

		$this->assertArrayNotHasKey('wp-config.php', $opener->opened, 'an unchanged wp-config.php is not read again');
		$this->assertSame($this->entry($first, 'wp-config.php')->chunks, $this->entry($second, 'wp-config.php')->chunks);
		$this->assertSame(1, $second->meta['counts']['reused_files']);
		$this->assertTrue((new Verifier($this->store))->verify($second->id)->isOk());

		$this->write('wp-config.php', self::WP_CONFIG . "\ndefine( 'WP_DEBUG', false );\n", 1_700_000_100);
		$third = $this->backUp(['redaction' => $this->rulesFor()], opener: $opener);

		$this->assertSame(1, $opener->opened['wp-config.php']);
		$this->assertStringContainsString('WP_DEBUG', $this->storedText($third, 'wp-config.php'));
		$this->assertStringNotContainsString('bucket-secret-9f2c', $this->storedText($third, 'wp-config.php'));
	}

	public function testACopyStoredInClearBeforeIsNotCarriedForward(): void
	{
		$this->write('wp-config.php', self::WP_CONFIG, 1_700_000_000);
		$this->backUp();

		$record = $this->backUp(['redaction' => $this->rulesFor()]);

		$this->assertStringNotContainsString('bucket-secret-9f2c', $this->storedText($record, 'wp-config.php'));
		$this->assertSame(0, $record->meta['counts']['reused_files']);
	}

	public function testAWpConfigThatDoesNotParseStillLeaksNothing(): void
	{
		$this->write('wp-config.php', "<?php\ndefine( 'DB_NAME', 'site_db' )\n" . substr(self::WP_CONFIG, 6) . "\ndefine( 'SITE_BACKUPS_SOMETHING_NEW', 'unlisted-secret-e3e3' );\n");

		$record = $this->backUp(['redaction' => $this->rulesFor()]);

		$stored = $this->storedText($record, 'wp-config.php');
		foreach ([...self::SECRETS, 'unlisted-secret-e3e3'] as $secret) {
			$this->assertStringNotContainsString($secret, $stored);
		}
		$this->assertStringContainsString("define( 'DB_NAME', 'site_db' )", $stored);
		$this->assertStringContainsString('could not be parsed', (string) $this->entry($record, 'wp-config.php')->note);
		$this->assertTrue((new Verifier($this->store))->verify($record->id)->isOk());
	}

	public function testAWpConfigThatChangesWhileReadIsReadAgain(): void
	{
		$this->write('wp-config.php', self::WP_CONFIG);
		$opener = new CountingOpener($this->site);
		$opener->afterOpen['wp-config.php'] = function (string $path) use ($opener): void {
			unset($opener->afterOpen['wp-config.php']);
			file_put_contents($path, "\ndefine( 'WP_CACHE', true );\n", FILE_APPEND);
		};

		$record = $this->backUp(['redaction' => $this->rulesFor()], opener: $opener);

		$this->assertSame(2, $opener->opened['wp-config.php']);
		$stored = $this->storedText($record, 'wp-config.php');
		$this->assertStringContainsString('WP_CACHE', $stored);
		$this->assertStringNotContainsString('bucket-secret-9f2c', $stored);
		$this->assertSame(filesize($this->site . '/wp-config.php'), $this->entry($record, 'wp-config.php')->sourceSize);
	}

	public function testOnlyTheNamedFileIsRedacted(): void
	{
		$this->write('wp-content/notes/wp-config.php', self::WP_CONFIG);

		$record = $this->backUp(['redaction' => $this->rulesFor()]);

		$this->assertStringContainsString('bucket-secret-9f2c', $this->storedText($record, 'wp-content/notes/wp-config.php'));
		$this->assertNull($this->entry($record, 'wp-content/notes/wp-config.php')->redacted);
	}

	/** @return array<string, mixed> */
	private function rulesFor(): array
	{
		return PhpSecretRedactorTest::rules()->toArray();
	}

	private function entry(SnapshotRecord $record, string $path): Entry
	{
		foreach ((new SnapshotReader($this->store))->entries($record->id) as $entry) {
			if ($entry->path === $path) {
				return $entry;
			}
		}
		$this->fail("no $path");
	}

	private function storedText(SnapshotRecord $record, string $path): string
	{
		$out = fopen('php://memory', 'w+b');
		(new SnapshotReader($this->store))->streamObjects($this->entry($record, $path)->chunks, $out);
		return (string) stream_get_contents($out, -1, 0);
	}
}
