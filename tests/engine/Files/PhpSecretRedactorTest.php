<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Files;

use PHPUnit\Framework\TestCase;
use SiteBackups\Engine\Files\PhpSecretRedactor;
use SiteBackups\Engine\Files\RedactedSource;
use SiteBackups\Engine\Files\SecretRedaction;

/** wp-config.php in every shape a host writes it: the secrets go, everything else stays byte for byte and still parses. */
final class PhpSecretRedactorTest extends TestCase
{
	private const QUOTED = "'" . SecretRedaction::MARKER . "'";

	public static function rules(): SecretRedaction
	{
		return new SecretRedaction(
			['wp-config.php'],
			['SITE_BACKUPS_OFFSITE' => ['secret', 'encryption_key'], 'SITE_BACKUPS_RECOVERY_KEY' => []],
			'SITE_BACKUPS_'
		);
	}

	public function testDefineWithArrayKeepsTheBucketAndRemovesTheSecretAndKey(): void
	{
		$source = <<<'PHP'
		<?php
		define( 'DB_NAME', 'wordpress' );
		define( 'SITE_BACKUPS_OFFSITE', array(
			'endpoint'       => 'https://s3.example.com',
			'access_key'     => 'AKIAEXAMPLE',
			'secret'         => 'secret-in-array', // the bucket's secret
			'encryption_key' => 'key-in-array',
			'keep_local_days' => 3,
		) );
		define( 'SITE_BACKUPS_RECOVERY_KEY', 'recovery-in-define' );
		PHP;
		$expected = str_replace(
			["'secret-in-array'", "'key-in-array'", "'recovery-in-define'"],
			[self::QUOTED, self::QUOTED, self::QUOTED],
			$source
		);

		$out = $this->redacted($source);

		$this->assertSame($expected, $out->bytes);
		$this->assertNull($out->note);
	}

	public function testShortArraysDoubleQuotesConstAndGetenvFallbacks(): void
	{
		$out = $this->redacted(<<<'PHP'
		<?php
		$suffix = "tail-of-key";
		const SITE_BACKUPS_OFFSITE = [ "secret" => "dq-secret", "encryption_key" => "dq-key-{$suffix}", "bucket" => "my-bucket" ];
		\define( "SITE_BACKUPS_RECOVERY_KEY", getenv( 'SB_RECOVERY_KEY' ) ?: <<<EOT
		heredoc-recovery
		EOT );
		const OTHER = 'kept', SITE_BACKUPS_PLAN = 'pro';
		PHP);

		foreach (['dq-secret', 'dq-key-', 'tail-of-key', 'heredoc-recovery'] as $secret) {
			$this->assertStringNotContainsString($secret, $out->bytes);
		}
		foreach (['"my-bucket"', "getenv( 'SB_RECOVERY_KEY' )", "'kept'", "SITE_BACKUPS_PLAN = 'pro'", '"secret" =>'] as $kept) {
			$this->assertStringContainsString($kept, $out->bytes);
		}
	}

	public function testValuesBuiltInVariablesAndOldKeysInCommentsGoToo(): void
	{
		$out = $this->redacted(<<<'PHP'
		<?php
		$offsite = array( 'bucket' => 'kept-bucket', 'secret' => 'var-secret' );
		$offsite['encryption_key'] = 'var-key';
		$offsite['region'] = 'kept-region';
		$recovery = base64_decode( 'cmVjb3Zlcnk=' );
		define( 'SITE_BACKUPS_OFFSITE', $offsite );
		define( 'SITE_BACKUPS_RECOVERY_KEY', $recovery );
		/* old: define( 'SITE_BACKUPS_RECOVERY_KEY', 'commented-out-key' ); */
		# SITE_BACKUPS_OFFSITE secret was hash-commented-secret
		PHP);

		foreach (['var-secret', 'var-key', 'cmVjb3Zlcnk=', 'commented-out-key', 'hash-commented-secret'] as $secret) {
			$this->assertStringNotContainsString($secret, $out->bytes);
		}
		$this->assertStringContainsString("'kept-bucket'", $out->bytes);
		$this->assertStringContainsString("'kept-region'", $out->bytes);
	}

	public function testOtherCodeNamedDefineIsLeftAlone(): void
	{
		$source = <<<'PHP'
		<?php
		$config->define( 'SITE_BACKUPS_RECOVERY_KEY', 'a method, not the function' );
		if ( ! defined( 'SITE_BACKUPS_RECOVERY_KEY' ) ) {
			define( 'SITE_BACKUPS_STAGING', array( 'path' => '/srv/staging' ) );
		}
		PHP;

		$this->assertSame($source, $this->redacted($source)->bytes);
	}

	public function testAFileThatDoesNotParseLosesEveryValueOfItsSiteBackupsStatements(): void
	{
		$out = $this->redacted(<<<'PHP'
		<?php
		define( 'DB_NAME', 'wordpress' )
		define( 'SITE_BACKUPS_OFFSITE', [ 'secret' => 'broken-secret', 'encryption_key' => "broken-key" ] );
		define( 'SITE_BACKUPS_FUTURE', 'future-secret' );
		define( 'SITE_BACKUPS_RECOVERY_KEY', 'broken-recovery
		PHP);

		foreach (['broken-secret', 'broken-key', 'future-secret', 'broken-recovery'] as $secret) {
			$this->assertStringNotContainsString($secret, $out->bytes);
		}
		$this->assertStringContainsString("define( 'DB_NAME', 'wordpress' )", $out->bytes);
		$this->assertStringContainsString("define( 'SITE_BACKUPS_OFFSITE',", $out->bytes);
		$this->assertStringContainsString('could not be parsed', (string) $out->note);
	}

	public function testAStrayQuoteThatTurnsTheSecretIntoCodeStillLeaksNothing(): void
	{
		$out = $this->redacted("<?php\n\$x = 'unclosed;\ndefine( 'SITE_BACKUPS_OFFSITE', array( 'secret' => 'AKIAstrayQuote' ) );\n");

		$this->assertStringNotContainsString('AKIAstrayQuote', $out->bytes);
		$this->assertNotNull($out->note);
	}

	public function testTextOutsidePhpTagsThatNamesTheConstantsGoes(): void
	{
		$out = $this->redacted("define( 'SITE_BACKUPS_RECOVERY_KEY', 'no-php-tag' );\n");

		$this->assertStringNotContainsString('no-php-tag', $out->bytes);
	}

	private function redacted(string $source): RedactedSource
	{
		$out = (new PhpSecretRedactor(self::rules()))->redact($source);
		if (null === $out->note) {
			$this->assertSame(0, self::lint($out->bytes), "still valid PHP:\n" . $out->bytes);
		}
		return $out;
	}

	/** @return int php -l's exit status */
	public static function lint(string $php): int
	{
		$file = tempnam(sys_get_temp_dir(), 'sb-lint-');
		file_put_contents($file, $php);
		exec('php -l ' . escapeshellarg($file) . ' 2>&1', $output, $status);
		unlink($file);
		return $status;
	}
}
