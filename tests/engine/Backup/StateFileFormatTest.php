<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Backup;

use SiteBackups\Engine\Backup\BackupRequest;
use SiteBackups\Engine\Backup\BackupRunner;
use SiteBackups\Engine\Backup\BackupState;
use SiteBackups\Engine\Backup\SourceState;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\Durable;
use SiteBackups\Engine\Store\GuardedFile;
use SiteBackups\Engine\Verify\Verifier;
use SiteBackups\Tests\Engine\Support\EngineTestCase;
use SiteBackups\Tests\Engine\Support\FakeTableSource;
use SiteBackups\Tests\Engine\Support\RestoredCopy;

/**
 * pending/<id>/state.php keeps its format: a backup begun by an earlier version of the plugin (an update
 * installed between two slices) is resumed by this one. The fixtures are state files as the earlier
 * runner wrote them, for the site buildSite() makes, with the values of that run's machine as placeholders.
 */
final class StateFileFormatTest extends EngineTestCase
{
	private const PIECE_CAP = 4096;

	/** After begin() and one step of a microsecond: the first file is being read, nothing is listed yet. */
	private const AFTER_ONE_STEP = <<<'JSON'
{"version":1,"id":"01m94fkqrpzz054jb6r25kkj3c","parent":null,"request":{"root":"__REQUEST_ROOT__","environment":"production","trigger":"manual","note":"n","wpVersion":"","pluginVersion":"","siteUrl":"https://example.test","tablePrefix":"wp_","extraExclusions":[],"parentId":null,"chunkBytes":65536,"redaction":[],"folders":[],"scope":null,"restoreOf":null},"root":"__ROOT__","started_at":1796520664.854741,"files_total_hint":null,"phase":"files","files":{"last":null,"entered_last":false,"parent_position":[0,0],"in_file":{"path":"index.php","stat":{"size":6,"mode":33188,"mtime":__MTIME__,"ino":__INODE__},"chunks":[],"read":0,"attempt":0},"done":false},"manifest":{"pieces":[],"part":0,"length":0},"sources":{"database":{"started":false,"cursor":null,"done":false,"notes":[],"list":[],"chunks":0,"units":0,"bytes":0,"total":null}},"tally":{"entries":0,"files":0,"dirs":0,"symlinks":0,"excluded":0,"skipped":0,"reusedFiles":0,"logicalBytes":0,"bytesRead":0,"newBytes":0,"newObjects":0,"sourceChunks":0,"sourceBytes":0}}
JSON;

	/** The files done and three chunks of the source listed (the manifest's length counts inode numbers). */
	private const THREE_CHUNKS_IN = <<<'JSON'
{"version":1,"id":"__ID__","parent":null,"request":{"root":"__REQUEST_ROOT__","environment":"production","trigger":"manual","note":"n","wpVersion":"","pluginVersion":"","siteUrl":"https://example.test","tablePrefix":"wp_","extraExclusions":[],"parentId":null,"chunkBytes":65536,"redaction":[],"folders":[],"scope":null,"restoreOf":null},"root":"__ROOT__","started_at":__STARTED__,"files_total_hint":null,"phase":"source:database","files":{"last":"wp-content/uploads/f4.txt","entered_last":false,"parent_position":[0,0],"in_file":null,"done":true},"manifest":{"pieces":[],"part":0,"length":__MANIFEST_LENGTH__},"sources":{"database":{"started":true,"cursor":{"table":1,"row":20},"done":false,"notes":{"hints":{"wp_options":{"rows":30}}},"list":{"pieces":[],"part":0,"length":325},"chunks":3,"units":3,"bytes":5350,"total":null}},"tally":{"entries":8,"files":6,"dirs":2,"symlinks":0,"excluded":0,"skipped":0,"reusedFiles":0,"logicalBytes":1006,"bytesRead":1006,"newBytes":2723,"newObjects":9,"sourceChunks":3,"sourceBytes":5350}}
JSON;

	public function testABackupBegunByTheEarlierRunnerResumesToAVerifiedSnapshot(): void
	{
		$this->buildSite();
		$id    = '01m94fkqrpzz054jb6r25kkj3c';
		$root  = (string) realpath($this->site);
		$stat  = (array) stat($this->site . '/index.php');
		$state = strtr(self::AFTER_ONE_STEP, [
			'__REQUEST_ROOT__' => self::jsonText($this->site),
			'__ROOT__'         => self::jsonText($root),
			'__MTIME__'        => (string) $stat['mtime'],
			'__INODE__'        => (string) $stat['ino'],
		]);
		Durable::makeDir($this->store->pendingDir() . '/' . $id);
		GuardedFile::write($this->statePath($id), $state);

		$source = self::source();
		$runner = new BackupRunner($this->store, [$source], null, 0.0, self::PIECE_CAP);
		$runner->resume($id);
		$this->assertSame('files', $runner->progress()->phase);
		do {
			$progress = $runner->step(0.001);
		} while (!$progress->isReady());
		$record = $runner->publish();

		$this->assertSame(['database' => ['done' => 15, 'total' => null]], $progress->toArray()['sources']);
		$this->assertSame('n', $record->meta['note'], 'the request came from the state file');
		$this->assertSame('https://example.test', $record->meta['site_url']);
		$this->assertSame('wp_', $record->meta['table_prefix']);
		$this->assertSame(65536, $record->meta['chunk_bytes']);
		$this->assertSame(1796520664.854741, $record->meta['started_at']);
		$this->assertPublishedWhole($record, $source);
	}

	public function testTheStateFileIsWrittenAsTheEarlierRunnerWroteItAndResumesInANewProcess(): void
	{
		$this->buildSite();
		// One chunk takes longer than a step's budget: each step lists at most one, so the state after the third
		// is the fixture's whatever the machine's speed.
		$runner = new BackupRunner($this->store, [self::source(5000)], null, 0.0, self::PIECE_CAP);
		$id     = $runner->begin($this->request(['note' => 'n']));
		do {
			$progress = $runner->step(0.001);
		} while (($progress->sources['database']->done ?? 0) < 3);
		$this->assertSame(3, $progress->sources['database']->done);

		$written = (string) GuardedFile::read($this->statePath($id));
		$data    = json_decode($written, true, 512, JSON_THROW_ON_ERROR);
		$this->assertSame(strtr(self::THREE_CHUNKS_IN, [
			'__ID__'              => $id,
			'__REQUEST_ROOT__'    => self::jsonText($this->site),
			'__ROOT__'            => self::jsonText((string) realpath($this->site)),
			'__STARTED__'         => json_encode($data['started_at'], JSON_PRESERVE_ZERO_FRACTION),
			'__MANIFEST_LENGTH__' => (string) $data['manifest']['length'],
		]), $written);

		// Another process (no runner in memory) carries on from the file.
		unset($runner);
		$source = self::source();
		$next   = new BackupRunner($this->store, [$source], null, 0.0, self::PIECE_CAP);
		$next->resume($id);
		do {
			$progress = $next->step(0.05);
		} while (!$progress->isReady());
		$record = $next->publish();

		$this->assertSame(['table' => 1, 'row' => 20], $source->calls[0], 'the source went on from its cursor');
		$this->assertSame(15, $record->sources['database']['chunks']);
		$this->assertPublishedWhole($record, $source);
	}

	/**
	 * The shapes a source's state has had in state.php: before any catch-up pass, during one ("passes"), and once
	 * its list is rewritten ("passes" left empty, "list_dir").
	 */
	public function testASourcesStateReadsAndWritesEachShapeItHasHad(): void
	{
		$shapes = [
			'{"started":false,"cursor":null,"done":false,"notes":[],"list":[],"chunks":0,"units":0,"bytes":0,"total":null}',
			'{"started":true,"cursor":{"step":"table","pass":2},"done":false,"notes":{"moment":1796520664},"list":{"pieces":["' . str_repeat('a', 64) . '"],"part":1,"length":90},"chunks":7,"units":4,"bytes":900,"total":12,"passes":{"wp_posts":2}}',
			'{"started":true,"cursor":null,"done":true,"notes":{"hints":{"wp_posts":{"rows":3}}},"list":{"pieces":[],"part":0,"length":80},"chunks":5,"units":9,"bytes":700,"total":9,"passes":[],"list_dir":"source-database-final"}',
		];
		foreach ($shapes as $json) {
			$state = SourceState::fromArray(json_decode($json, true, 512, JSON_THROW_ON_ERROR));
			$this->assertSame($json, json_encode($state->toArray(), JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR));
		}
		$this->assertSame(['wp_posts' => 2], SourceState::fromArray(json_decode($shapes[1], true))->passes);
		$this->assertSame('source-database-final', SourceState::fromArray(json_decode($shapes[2], true))->listDir);
	}

	public function testAStateFileWithARequestItsClassRefusesIsUnreadable(): void
	{
		$this->buildSite();
		$runner = new BackupRunner($this->store, [self::source()]);
		$id     = $runner->begin($this->request());
		$data   = json_decode((string) GuardedFile::read($this->statePath($id)), true, 512, JSON_THROW_ON_ERROR);
		$data['request']['trigger'] = 'sometime';
		GuardedFile::write($this->statePath($id), json_encode($data, JSON_THROW_ON_ERROR));

		$this->expectException(\SiteBackups\Engine\Store\StoreException::class);
		$this->expectExceptionMessage('The state of this backup is missing or unreadable.');
		BackupState::load($this->statePath($id));
	}

	private static function source(int $delayMicros = 0): FakeTableSource
	{
		return new FakeTableSource(['wp_options' => 30, 'wp_posts' => 260], 20, $delayMicros);
	}

	/** The site the fixtures were taken from. */
	private function buildSite(): void
	{
		$this->write('index.php', "<?php\n");
		for ($i = 0; $i < 5; $i++) {
			$this->write("wp-content/uploads/f$i.txt", str_repeat("x$i", 100), 1700000000);
		}
	}

	private function assertPublishedWhole(SnapshotRecord $record, FakeTableSource $source): void
	{
		$this->assertSame([$record->id], $this->store->snapshots()->ids());
		$this->assertSame('complete', $record->meta['status']);
		$this->assertSame(8, $record->meta['counts']['entries']);
		$this->assertTrue((new Verifier($this->store))->verify($record->id)->isOk());
		$target = $this->tmp . '/restored';
		RestoredCopy::files($this->store, $record->id, $target);
		$this->assertSame(self::describeTree($this->site), self::describeTree($target));
		$sql = fopen('php://memory', 'w+b');
		(new SnapshotReader($this->store))->streamSource($record->id, 'database', $sql);
		$this->assertSame($source->expectedSql(), stream_get_contents($sql, -1, 0));
	}

	private function statePath(string $id): string
	{
		return $this->store->pendingDir() . '/' . $id . '/' . BackupState::FILE;
	}

	/** A string as it stands between the quotes of state.php's JSON. */
	private static function jsonText(string $value): string
	{
		return substr(json_encode($value, JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), 1, -1);
	}
}
