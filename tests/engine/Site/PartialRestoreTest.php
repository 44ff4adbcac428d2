<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Site;

use SiteBackups\Engine\Environment;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Restore\RestoreRefused;
use SiteBackups\Engine\Restore\RestoreRequest;
use SiteBackups\Engine\Restore\RestoreRunner;
use SiteBackups\Engine\Restore\RestoreState;
use SiteBackups\Engine\Restore\ScopeRefused;
use SiteBackups\Engine\Retention\Forgetter;
use SiteBackups\Engine\Retention\PlanRetention;
use SiteBackups\Engine\Retention\RetentionRule;
use SiteBackups\Engine\Snapshot\SnapshotScope;

/**
 * A restore of some paths and tables only: what is listed comes back exactly as the backup has it,
 * everything else stays exactly as it is; the safety backup holds just that part and records it,
 * and restoring it later puts that part back without taking the rest of the site for missing.
 */
final class PartialRestoreTest extends SiteTestCase
{
	use RunnerRestores;

	private const PATHS  = ['wp-content/themes/theme', 'wp-content/uploads/2024/01/empty.txt', 'wp-content/uploads/2024/01/big.bin'];
	private const TABLES = ['wp_postmeta', 'wp_posts'];

	public function testOnlyTheListedPathsAndTablesComeBackAndTheRestIsLeftExactlyAsItIs(): void
	{
		$this->buildRestorableSite(300);
		$record   = $this->backUpAs($this->live());
		$atBackup = $this->siteState();
		$this->changeSite();
		file_put_contents($this->site . '/wp-content/uploads/2024/01/big.bin', 'overwritten');
		file_put_contents($this->site . '/wp-content/themes/theme/added-later.css', 'not in the backup');
		$changed = $this->siteState();
		$scope   = new SnapshotScope(self::PATHS, self::TABLES);

		$run = $this->restoreScoped($record->id, $scope, 0.001);
		$this->assertSame($this->expected($changed, $atBackup, $scope), self::withoutLeadingTimes($this->siteState(), $scope));
		$this->assertFileDoesNotExist($this->site . '/wp-content/themes/theme/added-later.css', 'a listed folder is made exactly as in the backup');
		$this->assertSame('edited', file_get_contents($this->site . '/wp-content/uploads/2024/01/name with spaces.txt'), 'a file next to a listed one is left alone');
		$this->assertSame('x', $this->db->fetchValue("SELECT option_value FROM wp_options WHERE option_name = 'added_later'"), 'a table not listed is left alone');
		$this->assertSame('1', $this->db->fetchValue("SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = 'wp_postmeta_bi'"), 'a restored table keeps its trigger');
		$this->assertSame([], $this->leftovers());
		$this->assertSame('Restoring 3 paths and 2 tables from ' . $record->id . ' (production) into production.', $run['log'][0]);

		// The safety backup holds that part only, and says so.
		$safety = $this->engine($this->live())->snapshot((string) $run['state']->safety);
		$this->assertSame($scope->toArray(), $safety->meta['scope']);
		$this->assertEquals($scope, $safety->scope());
		$paths = array_map(static fn (Entry $entry): string => $entry->path, iterator_to_array((new SnapshotReader($this->engine($this->live())->store()))->entries($safety->id), false));
		$this->assertSame(['wp-content', 'wp-content/themes', 'wp-content/themes/theme', 'wp-content/themes/theme/added-later.css', 'wp-content/themes/theme/parts', 'wp-content/themes/theme/style.css', 'wp-content/uploads', 'wp-content/uploads/2024', 'wp-content/uploads/2024/01', 'wp-content/uploads/2024/01/big.bin'], $paths, 'only the listed paths and the folders leading to them');
		$labels = array_unique(array_map(static fn ($chunk): string => $chunk->label, iterator_to_array((new SnapshotReader($this->engine($this->live())->store()))->sourceChunks($safety->id, 'database'), false)));
		$this->assertSame(self::TABLES, array_values(array_filter($labels, static fn (string $label): bool => str_starts_with($label, 'wp_'))));
		$this->assertContains('beginSafetyBackup 3 paths and 2 tables', TargetSiteDouble::calls($this->journal()));

		// Restored later with no list, the safety backup puts back its part only: the site as it was before.
		$undo = $this->restoreScoped($safety->id, null, 0.05, false);
		$this->assertSame(self::withoutLeadingTimes($changed, $scope), self::withoutLeadingTimes($this->siteState(), $scope), 'the rest of the site was not taken for missing');
		$this->assertSame('Restoring 3 paths and 2 tables from ' . $safety->id . ' (production) into production.', $undo['log'][0]);
		$this->assertSame([], $this->leftovers());
	}

	public function testAPartialBackupIsNeverTheParentOfTheNextBackup(): void
	{
		$this->buildRestorableSite(20);
		$full = $this->backUpAs($this->live());
		$run  = $this->restoreScoped($full->id, new SnapshotScope(['index.php'], []), 0.05);
		$safety = (string) $run['state']->safety;
		$this->assertSame($full->id, $this->engine($this->live())->snapshot($safety)->parentId, 'a safety backup of a part builds on the last whole backup');
		$next = $this->backUpAs($this->live());
		$this->assertSame($full->id, $next->parentId);
		$this->assertNull($next->scope());
	}

	public function testAPartialBackupIsNeverTheNewestBackupRetentionAlwaysKeeps(): void
	{
		$this->buildRestorableSite(20);
		$full   = $this->backUpAs($this->live());
		$safety = (string) $this->restoreScoped($full->id, new SnapshotScope(['index.php'], ['wp_options']), 0.05)['state']->safety;
		$store  = $this->engine($this->live())->store();
		$this->assertSame($full->id, PlanRetention::alwaysKept($store->snapshots()->summaries()));

		$forgotten = (new Forgetter($store))->forget(new RetentionRule(keepLast: 1, environment: 'production'));
		$this->assertSame([$safety], $forgotten, 'the whole backup is the one kept');
		$this->assertTrue($store->snapshots()->has($full->id));
	}

	public function testWhatCannotBeRestoredIsRefusedBeforeAnythingIsDone(): void
	{
		$this->buildRestorableSite(20);
		$record = $this->backUpAs($this->live());
		mkdir($this->tmp . '/elsewhere');
		file_put_contents($this->tmp . '/elsewhere/x.txt', 'outside');
		symlink($this->tmp . '/elsewhere', $this->site . '/wp-content/uploads/linked');
		file_put_contents($this->site . '/wp-content/plain-file', 'a file');
		unlink($this->site . '/wp-content/uploads/latest-big'); // a link in the backup, a folder on the site now
		mkdir($this->site . '/wp-content/uploads/latest-big');
		unlink($this->site . '/wp-content/private-stuff/.donotbackup'); // left out of the backup, no longer excluded
		$before = $this->siteState();
		$cases  = [
			'../outside.txt'                            => ScopeRefused::UNSAFE_NAME,
			'/etc/passwd'                               => ScopeRefused::UNSAFE_NAME,
			"wp-content/a\0b"                           => ScopeRefused::UNSAFE_NAME,
			'wp-content//themes'                        => ScopeRefused::UNSAFE_NAME,
			'wp-config.php'                             => ScopeRefused::PROTECTED,
			TargetSiteDouble::PLUGIN . '/site-backups.php' => ScopeRefused::PROTECTED,
			'wp-content/cache/page/index.html'          => ScopeRefused::PROTECTED,
			'wp-content/uploads/linked/x.txt'           => ScopeRefused::SITE_LINK,
			'wp-content/plain-file/x'                   => ScopeRefused::SITE_FILE,
			'wp-content/uploads/latest-big/x'           => ScopeRefused::BACKUP_LINK,
			'wp-content/uploads/2024/01/not-there.jpg'  => ScopeRefused::NOT_IN_BACKUP,
			'wp-content/private-stuff/secret.txt'       => ScopeRefused::NOT_IN_BACKUP,
		];
		foreach ($cases as $path => $problem) {
			$this->assertRefused($record->id, new SnapshotScope([$path], []), $problem, $path);
		}
		$this->assertRefused($record->id, new SnapshotScope([], ['wp_nothing_like_it']), ScopeRefused::NOT_IN_BACKUP, 'wp_nothing_like_it');
		$this->assertRefused($record->id, new SnapshotScope([], ['other_options']), ScopeRefused::NOT_IN_BACKUP, 'other_options');
		$this->assertSame($before, $this->siteState());
		$this->assertSame([], $this->leftovers());
		$this->assertSame([], array_filter(TargetSiteDouble::calls($this->journal()), static fn (string $call): bool => str_starts_with($call, 'beginSafetyBackup')), 'not even a safety backup was begun');
	}

	public function testABackupOfPartOfTheSiteRestoresNothingOutsideIt(): void
	{
		$this->buildRestorableSite(20);
		$full   = $this->backUpAs($this->live());
		$safety = (string) $this->restoreScoped($full->id, new SnapshotScope(['wp-content/themes/theme/style.css'], ['wp_options']), 0.05)['state']->safety;
		$before = $this->siteState();

		// "wp-content" is in its manifest (it leads to the file), but the backup holds none of the rest of it.
		$this->assertRefused($safety, new SnapshotScope(['wp-content'], []), ScopeRefused::OUTSIDE, 'wp-content');
		$this->assertRefused($safety, new SnapshotScope([], ['wp_posts']), ScopeRefused::OUTSIDE, 'wp_posts');
		$this->assertSame($before, $this->siteState());

		// Only the database asked for: its file is not touched.
		file_put_contents($this->site . '/wp-content/themes/theme/style.css', 'changed since');
		$this->db->execute("UPDATE wp_options SET option_value = 'changed since' WHERE option_name = 'blogname'");
		$this->restoreScoped($safety, null, 0.05, false, ['database']);
		$this->assertSame('changed since', file_get_contents($this->site . '/wp-content/themes/theme/style.css'));
		$this->assertNotSame('changed since', $this->db->fetchValue("SELECT option_value FROM wp_options WHERE option_name = 'blogname'"));
	}

	public function testFromTheOtherEnvironmentOnlyTheChosenTablesAreRewritten(): void
	{
		$this->buildRestorableSite(50);
		$staging = $this->backUpAs($this->asStaging());
		$this->db->execute("UPDATE wp_posts SET guid = 'changed' WHERE ID = 1");
		$this->db->execute("UPDATE wp_options SET option_value = 'https://example.test/changed' WHERE option_name = 'home'");
		$options = self::checksums($this->db, ['wp_options']);

		$run = $this->restoreScoped($staging->id, new SnapshotScope([], ['wp_posts']), 0.05);
		$this->assertSame(self::LIVE_URL . '/?p=1', $this->db->fetchValue('SELECT guid FROM wp_posts WHERE ID = 1'), 'the chosen table is rewritten to the target');
		$this->assertSame($options, self::checksums($this->db, ['wp_options']), 'a table not chosen is neither restored nor rewritten');
		$this->assertContains('rewriting', $run['phases']);
	}

	public function testFromAnotherTablePrefixTheSafetyBackupHoldsTheTargetsTablesAndUndoesTheRestore(): void
	{
		$this->buildRestorableSite(20);
		$this->db->execute('CREATE TABLE stg_options LIKE wp_options');
		$this->db->execute('INSERT INTO stg_options SELECT * FROM wp_options');
		$this->db->execute("UPDATE stg_options SET option_value = 'from staging' WHERE option_name = 'blogname'");
		$staging = $this->backUpAs(new Environment(Environment::STAGING, $this->site, 'https://example.test', $this->config->withTablePrefix('stg_')));
		$this->assertSame('stg_', $staging->meta['table_prefix']);
		$before = self::checksums($this->db, ['wp_options']);

		$run = $this->restoreScoped($staging->id, new SnapshotScope([], ['stg_options']), 0.05);
		$this->assertSame('from staging', $this->db->fetchValue("SELECT option_value FROM wp_options WHERE option_name = 'blogname'"));
		$safety = $this->engine($this->live())->snapshot((string) $run['state']->safety);
		$this->assertSame(['paths' => [], 'tables' => ['wp_options']], $safety->meta['scope'], 'the safety backup is of the target\'s table');
		$labels = array_map(static fn ($chunk): string => $chunk->label, iterator_to_array((new SnapshotReader($this->engine($this->live())->store()))->sourceChunks($safety->id, 'database'), false));
		$this->assertContains('wp_options', $labels);

		$this->restoreScoped($safety->id, null, 0.05, false);
		$this->assertSame($before, self::checksums($this->db, ['wp_options']), 'undoing the restore puts the target\'s table back');
		$this->assertSame([], $this->leftovers());
	}

	public function testASafetyBackupWithoutATableTheRestoreReplacesStopsItBeforeAnythingChanges(): void
	{
		$this->buildRestorableSite(20);
		$record = $this->backUpAs($this->live());
		$this->changeSite();
		$before = $this->siteState();
		$engine = $this->engine($this->live());
		$site   = new TargetSiteDouble($engine, $this->live(), $this->storeDir, $this->journal());
		$site->safetyScope = new SnapshotScope([], ['wp_options']);
		$runner = new RestoreRunner($engine, new RestoreRequest($record->id, $this->live(), ['database', 'files'], true, new SnapshotScope([], ['wp_posts'])), $site);
		$step   = $runner->begin();
		try {
			for ($i = 0; !$step->finished; $i++) {
				$this->assertLessThan(1000, $i, 'the restore never ends');
				$step = $runner->step($step->state, 0.05);
			}
			$this->fail('a restore whose safety backup lacks wp_posts went on');
		} catch (RestoreRefused $refused) {
			$this->assertStringContainsString('does not hold wp_posts', $refused->getMessage());
		}
		$this->assertSame('checking', $step->phase(), 'refused at the checks, before the point of no return');
		$runner->discard($step->state);
		$this->assertSame($before, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	public function testTablesLinkedByAForeignKeyAreRestoredBothOrNeither(): void
	{
		$this->buildRestorableSite(20);
		$this->db->execute('CREATE TABLE wp_parent (id int PRIMARY KEY, v varchar(20)) ENGINE=InnoDB');
		$this->db->execute('CREATE TABLE wp_child (id int PRIMARY KEY, parent_id int, CONSTRAINT wp_child_parent FOREIGN KEY (parent_id) REFERENCES wp_parent (id)) ENGINE=InnoDB');
		$this->db->execute("INSERT INTO wp_parent VALUES (1, 'at backup'), (2, 'at backup')");
		$this->db->execute('INSERT INTO wp_child VALUES (1, 1)');
		$record = $this->backUpAs($this->live());
		$this->db->execute("UPDATE wp_parent SET v = 'changed'");
		$this->db->execute("INSERT INTO wp_parent VALUES (3, 'added')");
		$this->db->execute('INSERT INTO wp_child VALUES (2, 3)');
		$this->db->execute('CREATE TABLE wp_late (id int PRIMARY KEY, parent_id int, CONSTRAINT wp_late_parent FOREIGN KEY (parent_id) REFERENCES wp_parent (id)) ENGINE=InnoDB');
		$before = $this->siteState();

		$child = $this->assertRefused($record->id, new SnapshotScope([], ['wp_child']), ScopeRefused::FOREIGN_KEY, 'wp_child');
		$this->assertStringContainsString('add wp_parent', $child->getMessage());
		$this->assertSame('wp_parent', $child->linked, 'the table to add, for the plugin to word');
		$parent = $this->assertRefused($record->id, new SnapshotScope([], ['wp_parent']), ScopeRefused::FOREIGN_KEY, 'wp_parent');
		$this->assertStringContainsString('add wp_child', $parent->getMessage());
		$this->assertSame('wp_child', $parent->linked);
		// Both are in the backup, but a table added since references one of them on the site.
		$late = $this->assertRefused($record->id, new SnapshotScope([], ['wp_child', 'wp_parent']), ScopeRefused::FOREIGN_KEY, 'wp_parent');
		$this->assertStringContainsString('on the site', $late->getMessage());
		$this->assertStringContainsString('add wp_late', $late->getMessage());
		$this->assertSame('wp_late', $late->linked);
		$this->assertSame($before, $this->siteState());
		$this->assertSame([], $this->leftovers());
		$this->assertSame([], array_filter(TargetSiteDouble::calls($this->journal()), static fn (string $call): bool => str_starts_with($call, 'beginSafetyBackup')), 'not even a safety backup was begun');

		$this->db->execute('DROP TABLE wp_late');
		$this->restoreScoped($record->id, new SnapshotScope([], ['wp_child', 'wp_parent']), 0.05);
		$this->assertSame([['id' => '1', 'v' => 'at backup'], ['id' => '2', 'v' => 'at backup']], $this->db->fetchAll('SELECT id, v FROM wp_parent ORDER BY id'));
		$this->assertSame([['id' => '1', 'parent_id' => '1']], $this->db->fetchAll('SELECT id, parent_id FROM wp_child ORDER BY id'));
		$this->assertSame(
			[['CONSTRAINT_NAME' => 'wp_child_parent', 'REFERENCED_TABLE_NAME' => 'wp_parent']],
			$this->db->fetchAll("SELECT CONSTRAINT_NAME, REFERENCED_TABLE_NAME FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = 'wp_child'")
		);
		$this->assertSame([], $this->leftovers());
	}

	public function testATableTheSiteNowHasAsAViewIsRefusedBeforeAnythingIsDone(): void
	{
		$this->buildRestorableSite(20);
		$this->db->execute('CREATE TABLE wp_small (id int PRIMARY KEY) ENGINE=InnoDB');
		$this->db->execute('INSERT INTO wp_small VALUES (1)');
		$record = $this->backUpAs($this->live());
		$this->db->execute('DROP TABLE wp_small');
		$this->db->execute('CREATE VIEW wp_small AS SELECT option_id AS id FROM wp_options');
		$before = $this->siteState();

		$refused = $this->assertRefused($record->id, new SnapshotScope([], ['wp_small']), ScopeRefused::LIVE_VIEW, 'wp_small');
		$this->assertStringContainsString('view', $refused->getMessage());
		$this->assertSame($before, $this->siteState());
		$this->assertSame([], $this->leftovers());
	}

	public function testTheEngineNeverRestoresABackupOfPartOfTheSiteAsIfItWereAllOfIt(): void
	{
		$this->buildRestorableSite(20);
		$full   = $this->backUpAs($this->live());
		$safety = (string) $this->restoreScoped($full->id, new SnapshotScope(['index.php'], ['wp_options']), 0.05)['state']->safety;
		$engine = $this->engine($this->live());
		$site   = new TargetSiteDouble($engine, $this->live(), $this->storeDir, $this->journal());
		$whole  = [
			'database' => fn () => $engine->databaseRestore($safety, $this->db, 'wp_'),
			'files'    => fn () => $engine->filesRestore($safety, $this->site, $this->tmp . '/area', $site->protectedPaths()),
		];
		foreach ($whole as $part => $restore) {
			try {
				$restore();
				$this->fail('the ' . $part . ' of a backup of part of the site were restored as a whole');
			} catch (RestoreRefused $refused) {
				$this->assertStringContainsString('holds only part of the site', $refused->getMessage());
			}
		}
		$scoped = $engine->databaseRestore($safety, $this->db, 'wp_', new SnapshotScope([], ['wp_options']));
		$this->assertSame(['wp_options'], $scoped->replacedTables(), 'with its scope it restores that part');
		$this->assertNotNull($engine->databaseRestore($full->id, $this->db, 'wp_'), 'a backup of the whole site needs no scope');
	}

	/** Restores a scope of $id into the live site in slices, a new runner for each (its state through JSON). */
	private function restoreScoped(string $id, ?SnapshotScope $scope, float $slice, bool $safety = true, array $parts = ['database', 'files']): array
	{
		$step   = $this->scopedRunner($id, $scope, $safety, $parts)->begin();
		$log    = $step->log;
		$phases = [$step->phase()];
		$slices = 0;
		while (!$step->finished) {
			$state = RestoreState::fromArray(json_decode((string) json_encode($step->state->toArray()), true));
			$step  = $this->scopedRunner($id, $scope, $safety, $parts)->step($state, $slice);
			$log   = array_merge($log, $step->log);
			if (end($phases) !== $step->phase()) {
				$phases[] = $step->phase();
			}
			$this->assertLessThan(5000, ++$slices, 'the restore never ends');
		}
		return ['log' => $log, 'state' => $step->state, 'phases' => $phases];
	}

	private function scopedRunner(string $id, ?SnapshotScope $scope, bool $safety = true, array $parts = ['database', 'files']): RestoreRunner
	{
		$engine = $this->engine($this->live());
		$site   = new TargetSiteDouble($engine, $this->live(), $this->storeDir, $this->journal());
		return new RestoreRunner($engine, new RestoreRequest($id, $this->live(), $parts, $safety, $scope), $site);
	}

	private function assertRefused(string $id, SnapshotScope $scope, string $problem, string $item): ScopeRefused
	{
		try {
			$this->scopedRunner($id, $scope)->begin();
		} catch (ScopeRefused $refused) {
			$this->assertSame($problem, $refused->problem, $refused->getMessage());
			$this->assertSame($item, $refused->item);
			$this->assertStringContainsString(str_replace("\0", '\x00', $item), $refused->getMessage());
			return $refused;
		}
		$this->fail('restoring ' . json_encode($scope->toArray()) . ' was not refused');
	}

	/**
	 * The site as it was after the change, with the scope's paths and tables as they were at the backup.
	 * @param array<string, mixed> $changed
	 * @param array<string, mixed> $atBackup
	 * @return array<string, mixed>
	 */
	private function expected(array $changed, array $atBackup, SnapshotScope $scope): array
	{
		$expected = $changed;
		$expected['files'] = array_filter($changed['files'], static fn (string $path): bool => !$scope->covers($path), ARRAY_FILTER_USE_KEY)
			+ array_filter($atBackup['files'], static fn (string $path): bool => $scope->covers($path), ARRAY_FILTER_USE_KEY);
		ksort($expected['files'], SORT_STRING);
		foreach (['checksums', 'creates'] as $kind) {
			foreach ($scope->tables as $table) {
				$expected[$kind][$table] = $atBackup[$kind][$table];
			}
		}
		return self::withoutLeadingTimes($expected, $scope);
	}

	/**
	 * The folders leading to a restored path change their time as their contents change: only that is left out.
	 * @param array<string, mixed> $state
	 * @return array<string, mixed>
	 */
	private static function withoutLeadingTimes(array $state, SnapshotScope $scope): array
	{
		foreach ($state['files'] as $path => $entry) {
			if ($scope->leadsTo((string) $path)) {
				unset($state['files'][$path]['mtime']);
			}
		}
		ksort($state['files'], SORT_STRING);
		return $state;
	}
}
