<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Database\Connection;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Files\ExclusionRules;
use SiteBackups\Engine\Restore\DatabaseRestore;
use SiteBackups\Engine\Restore\ProtectedPaths;
use SiteBackups\Engine\Restore\TargetSite;
use SiteBackups\Engine\Snapshot\RestoreOrigin;
use SiteBackups\Engine\Snapshot\SnapshotScope;

/**
 * The restore's edge to WordPress, for engine tests: the plugin's folder and wp-config.php are left
 * alone, the safety backup goes through the same engine, visitors are kept out by a `.maintenance`
 * file, and every call is recorded (in a file, so a killed child's calls are seen too).
 */
final class TargetSiteDouble implements TargetSite
{
	public const PLUGIN = 'wp-content/plugins/site-backups';

	/** Thrown from keepIdentity() while set, as a slice that fails right at the switch. */
	public ?\Throwable $failAtSwitch = null;

	/** Backed up instead of the scope asked for while set, as a site whose safety backup misses what the restore replaces. */
	public ?SnapshotScope $safetyScope = null;

	public function __construct(
		private readonly Repository $engine,
		private readonly Environment $target,
		private readonly string $storeDir,
		private readonly string $journal,
		private readonly ?string $refusal = null,
	) {
	}

	public function protectedPaths(): ProtectedPaths
	{
		return new ProtectedPaths($this->target->tree(), ['wp-config.php', '.maintenance', self::PLUGIN], [$this->storeDir], new ExclusionRules($this->storeDir));
	}

	public function refusal(string $backupId): ?string
	{
		$this->note('refusal');
		return $this->refusal;
	}

	public function beginSafetyBackup(string $backupId, ?SnapshotScope $scope = null, ?RestoreOrigin $restoring = null): string
	{
		$this->note('beginSafetyBackup' . (null === $scope ? '' : ' ' . $scope->describe()));
		return $this->engine->beginBackup($this->target, 'safety', 'Taken before restoring ' . $backupId, '6.8', '0.1.0', [], $this->safetyScope ?? $scope, $restoring);
	}

	public function keepIdentity(Connection $db, string $sourcePrefix, bool $otherEnvironment): void
	{
		// Runs on the loaded tables, before they are switched in.
		$loaded = $db->fetchValue("SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '" . DatabaseRestore::TMP . "wp_options'");
		$this->note('keepIdentity ' . $sourcePrefix . ' ' . ($otherEnvironment ? 'other' : 'same') . ' loaded=' . $loaded);
		if (null !== $this->failAtSwitch) {
			throw $this->failAtSwitch;
		}
	}

	public function databaseSwitched(): void
	{
		$this->note('databaseSwitched');
	}

	public function holdVisitors(): void
	{
		file_put_contents($this->target->root . '/.maintenance', "<?php \$upgrading = time();\n");
		$this->note('holdVisitors');
	}

	public function letVisitorsIn(): void
	{
		@unlink($this->target->root . '/.maintenance');
		$this->note('letVisitorsIn');
	}

	/** @return list<string> the calls recorded in $journal, in order */
	public static function calls(string $journal): array
	{
		return is_file($journal) ? (file($journal, FILE_IGNORE_NEW_LINES) ?: []) : [];
	}

	private function note(string $call): void
	{
		file_put_contents($this->journal, $call . "\n", FILE_APPEND);
	}
}
