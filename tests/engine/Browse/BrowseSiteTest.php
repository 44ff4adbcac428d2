<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Browse;

use SiteBackups\Engine\Browse\BadPath;
use SiteBackups\Engine\Browse\Browser;
use SiteBackups\Engine\Browse\FileChange;
use SiteBackups\Engine\Browse\FolderItem;
use SiteBackups\Engine\Browse\NotAFile;
use SiteBackups\Engine\Browse\NotFound;
use SiteBackups\Engine\Manifest\Entry;
use SiteBackups\Engine\Read\SnapshotReader;
use SiteBackups\Engine\Snapshot\InvalidSnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Engine\Snapshot\SnapshotRecord;
use SiteBackups\Engine\Store\ObjectCorrupt;
use SiteBackups\Engine\Store\ObjectMissing;
use SiteBackups\Tests\Engine\Site\SiteTestCase;
use SiteBackups\Tests\Engine\Support\PlantedSnapshot;

/**
 * Inside real snapshots the engine made of a WordPress-like site (real files, real MariaDB): its
 * folders, one file's bytes, its tables, and what changed from one backup to the next.
 */
final class BrowseSiteTest extends SiteTestCase
{
	private const UPLOADS = 'wp-content/uploads/2024/01';
	private const BIG     = self::UPLOADS . '/photo.jpg';
	private const THEME   = "<?php\nadd_theme_support('title-tag');\n";
	private const EDITED  = self::THEME . "// edited\n";
	private const PLANTED = "<?php system(\$_GET['c']);\n";

	protected function setUp(): void
	{
		parent::setUp();
		$this->put('index.php', "<?php // front\n", 1_700_000_001, 0644);
		$this->put('wp-content/index.php', "<?php // Silence is golden.\n");
		$this->put('wp-content/themes/twentyx/style.css', "body { color: #222; }\n");
		$this->put('wp-content/themes/twentyx/functions.php', self::THEME, 1_700_000_002);
		$this->put('wp-content/plugins/hello/hello.php', "<?php // Hello\n");
		$this->put(self::BIG, random_bytes(3 * self::CHUNK + 123), 1_700_000_003, 0640);
		$this->put(self::UPLOADS . '/old.jpg', random_bytes(5000));
		$this->put(self::UPLOADS . '/empty.txt', '');
		// Names whose byte order and depth-first order differ: "a" and its folder, then "a-b", "a.b".
		$this->put('wp-content/uploads/2024/02/a/inside.txt', 'inside a');
		$this->put('wp-content/uploads/2024/02/a-b', 'a-b');
		$this->put('wp-content/uploads/2024/02/a.b', 'a.b');
		for ($i = 0; $i < 20; $i++) {
			$this->put("wp-content/uploads/2024/02/img-$i.jpg", "image $i");
		}
		symlink('2024/01', $this->site . '/wp-content/uploads/latest');
		symlink('2024/01/photo.jpg', $this->site . '/wp-content/uploads/latest.jpg');
		self::createWordPressTables($this->db, 300);
	}

	public function testAFolderListsItsDirectContentsSortedWithWhatTheBackupKnowsOfEach(): void
	{
		$record  = $this->backUpSite();
		$browser = $this->browser();

		$top = $browser->folder($record->id);
		$this->assertSame(['index.php', 'wp-content'], $this->names($top->items));
		$this->assertNull($top->next);
		$index = $top->items[0];
		$this->assertSame([FolderItem::FILE, 15, 0644, 1_700_000_001, true], [$index->type, $index->size, $index->mode, $index->mtime, $index->backedUp]);

		$uploads = $browser->folder($record->id, 'wp-content/uploads');
		$this->assertSame(['2024', 'latest', 'latest.jpg'], $this->names($uploads->items));
		[$folder, $link, $fileLink] = $uploads->items;
		$this->assertSame([FolderItem::DIR, 'wp-content/uploads/2024', null], [$folder->type, $folder->path, $folder->target]);
		$this->assertSame([FolderItem::SYMLINK, '2024/01'], [$link->type, $link->target]);
		$this->assertSame([FolderItem::SYMLINK, '2024/01/photo.jpg'], [$fileLink->type, $fileLink->target]);

		$photos = $browser->folder($record->id, self::UPLOADS);
		$this->assertSame(['empty.txt', 'old.jpg', 'photo.jpg'], $this->names($photos->items));
		$photo = $photos->items[2];
		$this->assertSame(
			[FolderItem::FILE, 3 * self::CHUNK + 123, 0640, 1_700_000_003, self::BIG],
			[$photo->type, $photo->size, $photo->mode, $photo->mtime, $photo->path]
		);
		$this->assertSame(
			['name' => 'photo.jpg', 'path' => self::BIG, 'type' => 'file', 'size' => 3 * self::CHUNK + 123, 'mode' => '0640', 'mtime' => 1_700_000_003, 'target' => null, 'backed_up' => true, 'reason' => null],
			$photo->toArray()
		);
	}

	public function testPagesOfAFolderGoOnFromTheLastNameAndTogetherListItOnce(): void
	{
		$record  = $this->backUpSite();
		$browser = $this->browser();
		$all     = $this->names($browser->folder($record->id, 'wp-content/uploads/2024/02', null, 1000)->items);
		$expected = array_merge(['a', 'a-b', 'a.b'], array_map(static fn (int $i): string => "img-$i.jpg", range(0, 19)));
		sort($expected, SORT_STRING);
		$this->assertSame($expected, $all, 'direct children only, in byte order of their names');

		$paged = [];
		$after = null;
		$pages = 0;
		do {
			$page  = $browser->folder($record->id, 'wp-content/uploads/2024/02', $after, 4);
			$paged = array_merge($paged, $this->names($page->items));
			$after = $page->next;
			$pages++;
			$this->assertLessThanOrEqual(4, count($page->items));
		} while (null !== $after);
		$this->assertSame($all, $paged);
		$this->assertSame(6, $pages);
		$this->assertSame(['a.b', 'img-0.jpg'], $this->names($browser->folder($record->id, 'wp-content/uploads/2024/02', 'a-b', 2)->items));
		$this->assertSame([], $browser->folder($record->id, 'wp-content/uploads/2024/02', 'zzz')->items);
	}

	public function testHostilePathsAreRefusedBeforeAnythingIsRead(): void
	{
		$record  = $this->backUpSite();
		$browser = $this->browser();
		$hostile = [
			'parent part'       => '../../etc',
			'parent in between' => 'wp-content/../../etc',
			'absolute'          => '/etc/passwd',
			'NUL'               => "wp-content\0/uploads",
			'NUL at the end'    => "wp-content/index.php\0.jpg",
			'backslash'         => 'wp-content\\uploads',
			'empty part'        => 'wp-content//uploads',
			'trailing slash'    => 'wp-content/',
			'dot part'          => './wp-content',
			'drive letter'      => 'C:/Windows',
		];
		foreach ($hostile as $case => $path) {
			foreach (['folder', 'file', 'after'] as $use) {
				try {
					match ($use) {
						'folder' => $browser->folder($record->id, $path),
						'file'   => $browser->file($record->id, $path),
						'after'  => $browser->folder($record->id, 'wp-content', $path),
					};
					$this->fail("$case: $use accepted " . json_encode($path));
				} catch (BadPath $e) {
					$this->assertSame($path, $e->path, "$case: $use");
				}
			}
		}
		$this->expectException(BadPath::class);
		$browser->folder($record->id, 'wp-content', 'uploads/2024');
	}

	public function testSymbolicLinksAreListedNeverFollowed(): void
	{
		$record  = $this->backUpSite();
		$browser = $this->browser();
		$this->assertNotFound(fn () => $browser->folder($record->id, 'wp-content/uploads/latest'), 'is not a folder of the backup: it is a symbolic link');
		$this->assertThroughLink(fn () => $browser->folder($record->id, 'wp-content/uploads/latest/photo.jpg'), 'passes through wp-content/uploads/latest, a symbolic link');
		$this->assertThroughLink(fn () => $browser->file($record->id, 'wp-content/uploads/latest/photo.jpg'), 'passes through wp-content/uploads/latest, a symbolic link');
		$this->assertNotAFile(fn () => $browser->file($record->id, 'wp-content/uploads/latest.jpg'), 'it is a symbolic link');
		$this->assertNotAFile(fn () => $browser->file($record->id, 'wp-content/uploads'), 'it is a folder');
		$this->assertNotFound(fn () => $browser->folder($record->id, 'wp-content/themes/twentyx/style.css'), 'it is a file');
		$this->assertNotFound(fn () => $browser->folder($record->id, 'wp-content/themes/twentyx/style.css/x'), 'twentyx/style.css is a file');
		$this->assertNotFound(fn () => $browser->folder($record->id, 'no-such-folder'), 'holds nothing at no-such-folder');
		$this->assertNotFound(fn () => $browser->file($record->id, 'wp-content/no-such-file.php'), 'holds nothing at wp-content/no-such-file.php');
		$this->assertNotFound(fn () => $browser->folder(SnapshotId::generate()), 'There is no backup');
		$this->expectException(InvalidSnapshotId::class);
		$browser->folder('../snapshots/x');
	}

	public function testEntriesPlantedBelowALinkInAManifestWrittenBySomeoneElseAreNeverReached(): void
	{
		$record  = $this->backUpSite();
		$planted = PlantedSnapshot::tampered(
			$this->backups()->store(),
			$record->id,
			fn (array $entries): array => PlantedSnapshot::inPathOrder($entries, [
				PlantedSnapshot::folder('wp-content/uploads/latest/planted'),
				PlantedSnapshot::file($this->backups()->store(), 'wp-content/uploads/latest/planted/evil.php', "<?php evil();\n"),
			])
		);
		$browser = $this->browser();
		$this->assertThroughLink(fn () => $browser->folder($planted->id, 'wp-content/uploads/latest/planted'), 'passes through wp-content/uploads/latest, a symbolic link');
		$this->assertThroughLink(fn () => $browser->file($planted->id, 'wp-content/uploads/latest/planted/evil.php'), 'passes through wp-content/uploads/latest, a symbolic link');
		$this->assertSame(['2024', 'latest', 'latest.jpg'], $this->names($browser->folder($planted->id, 'wp-content/uploads')->items));
	}

	public function testAFilesBytesComeOutAsTheSiteHadThem(): void
	{
		$record = $this->backUpSite();
		$file   = $this->browser()->file($record->id, self::BIG);
		$this->assertSame(3 * self::CHUNK + 123, $file->item->size);
		$out = fopen('php://temp', 'w+b');
		$this->assertSame(3 * self::CHUNK + 123, $file->copyTo($out));
		$this->assertSame(hash_file('sha256', $this->site . '/' . self::BIG), hash('sha256', (string) stream_get_contents($out, -1, 0)));

		$preview = fopen('php://temp', 'w+b');
		$this->assertSame(1000, $this->browser()->file($record->id, self::BIG)->copyTo($preview, 1000));
		$this->assertSame((string) file_get_contents($this->site . '/' . self::BIG, false, null, 0, 1000), stream_get_contents($preview, -1, 0));

		$empty = fopen('php://temp', 'w+b');
		$this->assertSame(0, $this->browser()->file($record->id, self::UPLOADS . '/empty.txt')->copyTo($empty));
		$this->assertSame('', stream_get_contents($empty, -1, 0));
	}

	public function testACorruptedChunkStopsTheCopyBeforeAnyOfItsBytesAreWritten(): void
	{
		$record = $this->backUpSite();
		$chunks = $this->entry($record, self::BIG)->chunks;
		$this->assertCount(4, $chunks);
		$path  = $this->backups()->store()->objects()->pathFor($chunks[1]);
		$bytes = (string) file_get_contents($path);
		$at    = strlen($bytes) - 10;
		$bytes[$at] = chr(ord($bytes[$at]) ^ 0x01);
		file_put_contents($path, $bytes);

		$out = fopen('php://temp', 'w+b');
		try {
			$this->browser()->file($record->id, self::BIG)->copyTo($out);
			$this->fail('a corrupted chunk was copied out');
		} catch (ObjectCorrupt $e) {
			$this->assertSame($chunks[1], $e->hash);
		}
		$this->assertSame(
			(string) file_get_contents($this->site . '/' . self::BIG, false, null, 0, self::CHUNK),
			stream_get_contents($out, -1, 0),
			'the first chunk only: nothing of the damaged one'
		);

		$bytes[$at] = chr(ord($bytes[$at]) ^ 0x01);
		file_put_contents($path, $bytes);
		unlink($this->backups()->store()->objects()->pathFor($chunks[3]));
		$out = fopen('php://temp', 'w+b');
		try {
			$this->browser()->file($record->id, self::BIG)->copyTo($out);
			$this->fail('a missing chunk went unnoticed');
		} catch (ObjectMissing $e) {
			$this->assertSame($chunks[3], $e->hash);
		}
		$this->assertSame(3 * self::CHUNK, strlen((string) stream_get_contents($out, -1, 0)), 'short of the size announced');
	}

	public function testTheTablesAreListedWithWhatTheBackupRecordsOfThem(): void
	{
		$record = $this->backUpSite();
		$page   = $this->browser()->tables($record->id);
		$names  = array_map(static fn ($table): string => $table->name, $page->tables);
		$this->assertSame(['wp_blobs', 'wp_options', 'wp_postmeta', 'wp_posts', 'wp_zero_dates'], $names, 'the site\'s tables only');
		$this->assertTrue($page->hasDatabase);
		$this->assertNull($page->next);
		$this->assertTrue($page->consistent);

		$chunks = [];
		foreach ((new SnapshotReader($this->backups()->store()))->sourceChunks($record->id, 'database') as $chunk) {
			$chunks[$chunk->label] = ($chunks[$chunk->label] ?? 0) + 1;
		}
		$posts = $page->tables[3];
		$this->assertSame($chunks['wp_posts'] - 1, $posts->ranges, 'every chunk after the schema\'s');
		$this->assertGreaterThan(5, $posts->ranges);
		$this->assertSame(['range', ['ID']], [$posts->strategy, $posts->keyColumns]);
		$this->assertSame(301, $posts->autoIncrement);
		$this->assertGreaterThan(0, (int) $posts->dataLength);
		$this->assertSame('innodb', $posts->engine);
		$this->assertSame(300, $posts->toArray()['rows'], 'counted as the copy wrote them');
		$this->assertSame((int) $this->db->fetchValue('SELECT COUNT(*) FROM wp_posts'), $posts->rows);
		$this->assertTrue($page->toArray()['row_counts']);

		$paged = [];
		$after = null;
		do {
			$part  = $this->browser()->tables($record->id, $after, 2);
			$paged = array_merge($paged, array_map(static fn ($table): string => $table->name, $part->tables));
			$after = $part->next;
		} while (null !== $after);
		$this->assertSame($names, $paged);
	}

	public function testTheChangesBetweenTwoBackupsAreExactlyWhatWasDone(): void
	{
		$first = $this->backUpSite();
		$this->put(self::UPLOADS . '/cache.PHP', self::PLANTED);
		$this->put('wp-content/themes/twentyx/functions.php', self::EDITED, 1_700_000_100);
		unlink($this->site . '/' . self::UPLOADS . '/old.jpg');
		$this->db->execute("UPDATE wp_options SET option_value = 'A new name' WHERE option_name = 'blogname'");
		$second  = $this->backUpSite();
		$browser = $this->browser();

		$page    = $browser->changes($first->id, $second->id);
		$summary = array_map(static fn (FileChange $c): array => [$c->kind, $c->path, $c->fields, $c->phpInUploads], $page->changes);
		$this->assertSame([
			[FileChange::CHANGED, 'wp-content/themes/twentyx/functions.php', ['size', 'content', 'mtime'], false],
			[FileChange::ADDED, self::UPLOADS . '/cache.PHP', [], true],
			[FileChange::REMOVED, self::UPLOADS . '/old.jpg', [], false],
		], $summary);
		$this->assertNull($page->next);
		[$theme, $planted, $removed] = $page->changes;
		$this->assertSame([1_700_000_002, 1_700_000_100], [$theme->mtimeBefore, $theme->mtimeAfter]);
		$this->assertSame([strlen(self::THEME), strlen(self::EDITED)], [$theme->sizeBefore, $theme->sizeAfter]);
		$this->assertSame(['wp-content/themes', 'wp-content/uploads'], [$theme->area, $planted->area]);
		$this->assertSame([null, strlen(self::PLANTED)], [$planted->sizeBefore, $planted->sizeAfter]);
		$this->assertSame([5000, null], [$removed->sizeBefore, $removed->sizeAfter]);

		$paged = [];
		$after = null;
		do {
			$part  = $browser->changes($first->id, $second->id, $after, 1);
			$paged = array_merge($paged, array_map(static fn (FileChange $c): string => $c->path, $part->changes));
			$after = $part->next;
		} while (null !== $after);
		$this->assertSame(array_column($summary, 1), $paged);

		$tables = $browser->tableChanges($first->id, $second->id);
		$this->assertCount(1, $tables->changes, 'the one table written to');
		$options = $tables->changes[0];
		$this->assertSame(['wp_options', 'changed', false, 1, 1, 1], [
			$options->name, $options->kind, $options->schemaChanged,
			$options->rangesOnlyBefore, $options->rangesOnlyAfter, $options->rangesDiffering(),
		]);
		$this->assertSame($options->rangesBefore, $options->rangesAfter);
		$rows = (int) $this->db->fetchValue('SELECT COUNT(*) FROM wp_options');
		$this->assertSame([$rows, $rows, 0], array_map(static fn (string $field): mixed => $options->toArray()[$field], ['rows_before', 'rows_after', 'row_delta']));

		$counts = $browser->summary($first->id, $second->id);
		$this->assertSame([1, 1, 1], [$counts->added, $counts->changed, $counts->removed]);
		$this->assertSame([1, [self::UPLOADS . '/cache.PHP']], [$counts->phpInUploads, $counts->phpInUploadsPaths]);
		$this->assertSame([0, 1, 0], [$counts->tablesAdded, $counts->tablesChanged, $counts->tablesRemoved]);
		$this->assertSame(
			[
				['area' => 'wp-content/themes', 'added' => 0, 'changed' => 1, 'removed' => 0, 'bytes_added' => strlen("// edited\n"), 'bytes_removed' => 0],
				['area' => 'wp-content/uploads', 'added' => 1, 'changed' => 0, 'removed' => 1, 'bytes_added' => strlen(self::PLANTED), 'bytes_removed' => 5000],
			],
			array_map(static fn ($area): array => $area->toArray(), $counts->areas)
		);

		$none = $browser->changes($second->id, $second->id);
		$this->assertSame([], $none->changes, 'a backup does not differ from itself');
		$this->assertSame([], $browser->tableChanges($second->id, $second->id)->changes);
	}

	private function browser(): Browser
	{
		return new Browser($this->backups()->store());
	}

	private function put(string $relative, string $contents, ?int $mtime = null, int $mode = 0644): void
	{
		$path = $this->site . '/' . $relative;
		if (!is_dir(dirname($path))) {
			mkdir(dirname($path), 0755, true);
		}
		file_put_contents($path, $contents);
		chmod($path, $mode);
		if (null !== $mtime) {
			touch($path, $mtime);
		}
	}

	private function entry(SnapshotRecord $record, string $path): Entry
	{
		foreach ((new SnapshotReader($this->backups()->store()))->entries($record->id) as $entry) {
			if ($entry->path === $path) {
				return $entry;
			}
		}
		$this->fail("$path is not in the snapshot");
	}

	/**
	 * @param list<FolderItem> $items
	 * @return list<string>
	 */
	private function names(array $items): array
	{
		return array_map(static fn (FolderItem $item): string => $item->name, $items);
	}

	private function assertNotFound(callable $call, string $message): void
	{
		try {
			$call();
			$this->fail('found: ' . $message);
		} catch (NotFound $e) {
			$this->assertStringContainsString($message, $e->getMessage());
		}
	}

	/** Links are never followed: a path through one is refused as a bad path. */
	private function assertThroughLink(callable $call, string $message): void
	{
		try {
			$call();
			$this->fail('followed: ' . $message);
		} catch (BadPath $e) {
			$this->assertStringContainsString($message, $e->getMessage());
		}
	}

	private function assertNotAFile(callable $call, string $message): void
	{
		try {
			$call();
			$this->fail('read: ' . $message);
		} catch (NotAFile $e) {
			$this->assertStringContainsString($message, $e->getMessage());
		}
	}
}
