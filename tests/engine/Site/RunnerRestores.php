<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Backup\PendingBackups;
use SiteBackups\Engine\Repository;
use SiteBackups\Engine\Database\DumpOptions;
use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;
use SiteBackups\Engine\Snapshot\SnapshotRecord;

/**
 * Restores through the RestoreRunner for SiteTestCase tests, with TargetSiteDouble at the edge,
 * and the site's state as a restore must leave it.
 */
trait RunnerRestores
{
	private const LIVE_URL = 'https://live.test';
	/** Left alone by every restore (protected or excluded), so left out of the comparisons. */
	private const UNTOUCHED = ['wp-config.php', TargetSiteDouble::PLUGIN, 'wp-content/cache', 'wp-content/private-stuff'];

	/** The site as production, at another address than the one its database names. */
	private function live(): Environment
	{
		return new Environment(Environment::PRODUCTION, $this->site, self::LIVE_URL, $this->config);
	}

	/** The same site as the staging environment, at the address its database names. */
	private function asStaging(): Environment
	{
		return new Environment(Environment::STAGING, $this->site, 'https://example.test', $this->config);
	}

	private function engine(Environment $target): Repository
	{
		return Repository::open($this->storeDir, [$target], new DumpOptions(...self::DUMP), self::CHUNK);
	}

	private function journal(): string
	{
		return $this->tmp . '/calls.txt';
	}

	/** A new runner, as a new request would make it: its own engine, its own edge. */
	private function runner(string $id, Environment $target, bool $safety = true, ?TargetSiteDouble &$site = null): RestoreRunner
	{
		$engine = $this->engine($target);
		$site   = new TargetSiteDouble($engine, $target, $this->storeDir, $this->journal());
		return new RestoreRunner($engine, new RestoreRequest($id, $target, ['database', 'files'], $safety), $site);
	}

	/** Backs up the site as $environment, each slice through a fresh engine. */
	private function backUpAs(Environment $environment): SnapshotRecord
	{
		$id = $this->engine($environment)->beginBackup($environment, 'manual', 'test', '6.8', '0.1.0');
		do {
			$progress = $this->engine($environment)->step($id, 0.5);
		} while (!$progress->isReady());
		return $this->engine($environment)->publish($id);
	}

	/**
	 * Restores $id into $target to the end.
	 * @param bool $rebuild a new runner for every slice, given the state as the last one saved it (JSON)
	 * @return array{phases: list<string>, slices: int, log: list<string>, state: RestoreState}
	 */
	private function restoreWithRunner(string $id, Environment $target, float $slice, bool $rebuild, bool $safety = true): array
	{
		$runner = $this->runner($id, $target, $safety);
		$step   = $runner->begin();
		$log    = $step->log;
		$phases = [$step->phase()];
		$slices = 0;
		while (!$step->finished) {
			$state = $step->state;
			if ($rebuild) {
				$state  = RestoreState::fromArray(json_decode((string) json_encode($state->toArray()), true));
				$runner = $this->runner($id, $target, $safety);
			}
			$step = $runner->step($state, $slice);
			$slices++;
			$log = array_merge($log, $step->log);
			if (end($phases) !== $step->phase()) {
				$phases[] = $step->phase();
			}
			$this->assertLessThan(5000, $slices, 'the restore never ends');
		}
		return ['phases' => $phases, 'slices' => $slices, 'log' => $log, 'state' => $step->state];
	}

	/** @return array<string, mixed> the site's tables (data and definitions, views, triggers) and files */
	private function siteState(): array
	{
		// The live site's own: what a restore loads beside it (sbtmp_) is not part of it yet.
		$tables = self::wpTables($this->db);
		return [
			'checksums' => self::checksums($this->db, $tables),
			'creates'   => self::createStatements($this->db, $tables),
			'views'     => $this->db->fetchAll("SELECT TABLE_NAME, VIEW_DEFINITION FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME LIKE 'wp\\_%' ORDER BY 1"),
			'triggers'  => $this->db->fetchAll("SELECT TRIGGER_NAME, EVENT_OBJECT_TABLE, ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE LIKE 'wp\\_%' ORDER BY 1"),
			'files'     => self::describeTree($this->site, self::UNTOUCHED),
		];
	}

	/** @return list<string> what an unfinished restore leaves: tables, staging folders, pending backups, maintenance */
	private function leftovers(): array
	{
		$tables  = array_column($this->db->fetchAll("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND (TABLE_NAME LIKE 'sbtmp%' OR TABLE_NAME LIKE 'sbold%' OR TABLE_NAME LIKE 'sbrst%')"), 'TABLE_NAME');
		$areas   = array_merge(glob(dirname($this->site) . '/site-.site-backups-restore-*') ?: [], glob($this->site . '/.site-backups-restore-*') ?: []);
		$pending = array_map(static fn (array $backup): string => 'pending ' . $backup['id'], (new PendingBackups($this->engine($this->live())->store()))->all());
		$held    = is_file($this->site . '/.maintenance') ? ['.maintenance'] : [];
		return array_merge($tables, $areas, $pending, $held);
	}

	/** A site of every kind of entry, the plugin's folder and wp-config.php among them, and its tables. */
	private function buildRestorableSite(int $posts): void
	{
		$this->addHardFiles();
		file_put_contents($this->site . '/wp-config.php', "<?php\n// config\n");
		file_put_contents($this->site . '/index.php', "<?php\n// front\n");
		mkdir($this->site . '/' . TargetSiteDouble::PLUGIN, 0755, true);
		file_put_contents($this->site . '/' . TargetSiteDouble::PLUGIN . '/site-backups.php', 'old version');
		mkdir($this->site . '/wp-content/plugins/hello', 0755, true);
		file_put_contents($this->site . '/wp-content/plugins/hello/hello.php', 'hello');
		mkdir($this->site . '/wp-content/themes/theme/parts', 0755, true);
		file_put_contents($this->site . '/wp-content/themes/theme/style.css', 'body{}');
		file_put_contents($this->site . '/wp-content/themes/theme/parts/header.html', '<header>');
		self::createWordPressTables($this->db, $posts);
	}

	/** Changes files and tables of every kind after the backup. */
	private function changeSite(): void
	{
		$uploads = $this->site . '/wp-content/uploads/2024/01';
		file_put_contents($uploads . '/name with spaces.txt', 'edited');
		unlink($uploads . '/empty.txt');
		file_put_contents($uploads . '/added-later.txt', 'new');
		mkdir($this->site . '/wp-content/plugins/added-later/inc', 0755, true);
		file_put_contents($this->site . '/wp-content/plugins/added-later/inc/a.php', 'new plugin');
		exec('rm -rf ' . escapeshellarg($this->site . '/wp-content/themes/theme/parts'));
		file_put_contents($this->site . '/wp-content/themes/theme/parts', 'a file where a folder was');
		file_put_contents($this->site . '/' . TargetSiteDouble::PLUGIN . '/site-backups.php', 'new version');
		$this->db->execute("UPDATE wp_posts SET post_title = 'changed' WHERE ID <= 10");
		$this->db->execute('DELETE FROM wp_postmeta WHERE post_id > 50');
		$this->db->execute("INSERT INTO wp_options (option_name, option_value) VALUES ('added_later', 'x')");
		$this->db->execute('DROP TABLE wp_zero_dates');
		$this->db->execute('CREATE TABLE wp_added_later (id int PRIMARY KEY)');
	}
}
