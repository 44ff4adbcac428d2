<?php

declare(strict_types=1);

namespace SiteBackups\Bench;

use mysqli;
use Random\Randomizer;

/**
 * The synthetic site's WordPress-like tables (posts with long content, postmeta, options with
 * serialized arrays, users, comments, terms), filled with multi-row INSERTs, and the changes of
 * a simulated day: the typical one and the worst case.
 */
final class SiteDatabase
{
    private const STATEMENT_BYTES = 2 * 1048576;
    private const EPOCH = 1546300800; // 2019-01-01 00:00:00 UTC
    private const DAY   = 86400;

    /** @var array<string, list<string>> pending rows per table */
    private array $pending = [];
    /** @var array<string, int> */
    private array $pendingBytes = [];
    /** @var array<string, list<string>> */
    private array $columns = [];
    public int $logicalBytes = 0;

    public function __construct(private readonly mysqli $db, private readonly Text $text, private readonly int $seed, private readonly string $p = 'wp_')
    {
        $this->columns = [
            "{$this->p}posts" => ['ID', 'post_author', 'post_date', 'post_date_gmt', 'post_content', 'post_title', 'post_excerpt', 'post_status',
                'comment_status', 'ping_status', 'post_password', 'post_name', 'to_ping', 'pinged', 'post_modified', 'post_modified_gmt',
                'post_content_filtered', 'post_parent', 'guid', 'menu_order', 'post_type', 'post_mime_type', 'comment_count'],
            "{$this->p}postmeta" => ['post_id', 'meta_key', 'meta_value'],
            "{$this->p}options" => ['option_name', 'option_value', 'autoload'],
            "{$this->p}users" => ['user_login', 'user_pass', 'user_nicename', 'user_email', 'user_url', 'user_registered', 'display_name'],
            "{$this->p}usermeta" => ['user_id', 'meta_key', 'meta_value'],
            "{$this->p}comments" => ['comment_post_ID', 'comment_author', 'comment_author_email', 'comment_author_url', 'comment_author_IP',
                'comment_date', 'comment_date_gmt', 'comment_content', 'comment_agent', 'user_id'],
            "{$this->p}terms" => ['name', 'slug'],
            "{$this->p}term_taxonomy" => ['term_id', 'taxonomy', 'description', 'count'],
            "{$this->p}term_relationships" => ['object_id', 'term_taxonomy_id'],
        ];
    }

    public function createSchema(): void
    {
        $p = $this->p;
        $tables = [
            "{$p}posts" => "ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_author bigint(20) unsigned NOT NULL DEFAULT 0,
                post_date datetime NOT NULL DEFAULT '0000-00-00 00:00:00', post_date_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
                post_content longtext NOT NULL, post_title text NOT NULL, post_excerpt text NOT NULL,
                post_status varchar(20) NOT NULL DEFAULT 'publish', comment_status varchar(20) NOT NULL DEFAULT 'open',
                ping_status varchar(20) NOT NULL DEFAULT 'open', post_password varchar(255) NOT NULL DEFAULT '',
                post_name varchar(200) NOT NULL DEFAULT '', to_ping text NOT NULL, pinged text NOT NULL,
                post_modified datetime NOT NULL DEFAULT '0000-00-00 00:00:00', post_modified_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
                post_content_filtered longtext NOT NULL, post_parent bigint(20) unsigned NOT NULL DEFAULT 0,
                guid varchar(255) NOT NULL DEFAULT '', menu_order int(11) NOT NULL DEFAULT 0,
                post_type varchar(20) NOT NULL DEFAULT 'post', post_mime_type varchar(100) NOT NULL DEFAULT '',
                comment_count bigint(20) NOT NULL DEFAULT 0,
                PRIMARY KEY (ID), KEY post_name (post_name(191)), KEY type_status_date (post_type, post_status, post_date, ID),
                KEY post_parent (post_parent), KEY post_author (post_author)",
            "{$p}postmeta" => "meta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_id bigint(20) unsigned NOT NULL DEFAULT 0,
                meta_key varchar(255) DEFAULT NULL, meta_value longtext,
                PRIMARY KEY (meta_id), KEY post_id (post_id), KEY meta_key (meta_key(191))",
            "{$p}options" => "option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL DEFAULT '',
                option_value longtext NOT NULL, autoload varchar(20) NOT NULL DEFAULT 'yes',
                PRIMARY KEY (option_id), UNIQUE KEY option_name (option_name), KEY autoload (autoload)",
            "{$p}users" => "ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, user_login varchar(60) NOT NULL DEFAULT '',
                user_pass varchar(255) NOT NULL DEFAULT '', user_nicename varchar(50) NOT NULL DEFAULT '',
                user_email varchar(100) NOT NULL DEFAULT '', user_url varchar(100) NOT NULL DEFAULT '',
                user_registered datetime NOT NULL DEFAULT '0000-00-00 00:00:00', user_activation_key varchar(255) NOT NULL DEFAULT '',
                user_status int(11) NOT NULL DEFAULT 0, display_name varchar(250) NOT NULL DEFAULT '',
                PRIMARY KEY (ID), KEY user_login_key (user_login), KEY user_email (user_email)",
            "{$p}usermeta" => "umeta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, user_id bigint(20) unsigned NOT NULL DEFAULT 0,
                meta_key varchar(255) DEFAULT NULL, meta_value longtext,
                PRIMARY KEY (umeta_id), KEY user_id (user_id), KEY meta_key (meta_key(191))",
            "{$p}comments" => "comment_ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, comment_post_ID bigint(20) unsigned NOT NULL DEFAULT 0,
                comment_author tinytext NOT NULL, comment_author_email varchar(100) NOT NULL DEFAULT '',
                comment_author_url varchar(200) NOT NULL DEFAULT '', comment_author_IP varchar(100) NOT NULL DEFAULT '',
                comment_date datetime NOT NULL DEFAULT '0000-00-00 00:00:00', comment_date_gmt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
                comment_content text NOT NULL, comment_karma int(11) NOT NULL DEFAULT 0, comment_approved varchar(20) NOT NULL DEFAULT '1',
                comment_agent varchar(255) NOT NULL DEFAULT '', comment_type varchar(20) NOT NULL DEFAULT 'comment',
                comment_parent bigint(20) unsigned NOT NULL DEFAULT 0, user_id bigint(20) unsigned NOT NULL DEFAULT 0,
                PRIMARY KEY (comment_ID), KEY comment_post_ID (comment_post_ID), KEY comment_date_gmt (comment_date_gmt)",
            "{$p}terms" => "term_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, name varchar(200) NOT NULL DEFAULT '',
                slug varchar(200) NOT NULL DEFAULT '', term_group bigint(10) NOT NULL DEFAULT 0,
                PRIMARY KEY (term_id), KEY slug (slug(191))",
            "{$p}term_taxonomy" => "term_taxonomy_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, term_id bigint(20) unsigned NOT NULL DEFAULT 0,
                taxonomy varchar(32) NOT NULL DEFAULT '', description longtext NOT NULL, parent bigint(20) unsigned NOT NULL DEFAULT 0,
                count bigint(20) NOT NULL DEFAULT 0, PRIMARY KEY (term_taxonomy_id), UNIQUE KEY term_id_taxonomy (term_id, taxonomy)",
            "{$p}term_relationships" => "object_id bigint(20) unsigned NOT NULL DEFAULT 0, term_taxonomy_id bigint(20) unsigned NOT NULL DEFAULT 0,
                term_order int(11) NOT NULL DEFAULT 0, PRIMARY KEY (object_id, term_taxonomy_id), KEY term_taxonomy_id (term_taxonomy_id)",
        ];
        foreach ($tables as $name => $definition) {
            $this->db->query("DROP TABLE IF EXISTS `$name`");
            $this->db->query("CREATE TABLE `$name` ($definition) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
        }
    }

    /** @return array<string, int> row counts */
    public function generate(int $posts, int $postmeta): array
    {
        $this->db->query('SET unique_checks = 0, foreign_key_checks = 0');
        $p = $this->p;
        $r = Text::rng($this->seed, 'database');
        $users = max(3, (int) round($posts / 600));
        $terms = max(10, (int) round($posts / 150));
        $metaPerPost = $postmeta / max(1, $posts);

        for ($u = 1; $u <= $users; $u++) {
            $login = $this->text->word($r) . $u;
            $this->row("{$p}users", [$login, '$P$B' . bin2hex($this->text->bytes('pass', $u * 16, 15)), $login, "$login@example.test",
                "https://$login.example.test", self::date(self::EPOCH + $u * 3600), ucfirst($login)]);
            foreach (['nickname', 'first_name', 'last_name', 'description', 'rich_editing', 'syntax_highlighting', 'comment_shortcuts',
                'admin_color', 'use_ssl', 'show_admin_bar_front', 'locale', 'wp_capabilities', 'wp_user_level', 'dismissed_wp_pointers',
                'show_welcome_panel', 'session_tokens', 'wp_dashboard_quick_press_last_post_id', 'community-events-location',
                'wp_user-settings', 'wp_user-settings-time'] as $key) {
                $value = match ($key) {
                    'wp_capabilities' => serialize([$u === 1 ? 'administrator' : 'author' => true]),
                    'session_tokens' => serialize([bin2hex($this->text->bytes('tok', $u * 64, 32)) => ['expiration' => self::EPOCH + $u, 'ip' => '10.0.0.' . $u % 250, 'ua' => 'Mozilla/5.0', 'login' => self::EPOCH]]),
                    'description' => $this->text->paragraph($r, 2),
                    default => $this->text->word($r),
                };
                $this->row("{$p}usermeta", [$u, $key, $value]);
            }
        }
        for ($t = 1; $t <= $terms; $t++) {
            $name = $this->text->title($r);
            $this->row("{$p}terms", [$name, strtolower(str_replace(' ', '-', $name)) . "-$t"]);
            $this->row("{$p}term_taxonomy", [$t, $t % 5 === 0 ? 'category' : 'post_tag', $t % 3 === 0 ? $this->text->paragraph($r, 1) : '', $r->getInt(0, 500)]);
        }
        $this->flushAll();

        $span = 6 * 365 * self::DAY;
        $metaRows = 0;
        for ($id = 1; $id <= $posts; $id++) {
            $time = self::EPOCH + intdiv($id * $span, $posts);
            $metaTarget = (int) round($id * $metaPerPost);
            $this->insertPost($r, $id, $time, $users, $terms, $metaTarget - $metaRows);
            $metaRows = $metaTarget;
        }
        $this->flushAll();

        $comments = intdiv($posts, 3);
        for ($c = 1; $c <= $comments; $c++) {
            $this->comment($r, $r->getInt(1, $posts), self::EPOCH + intdiv($c * $span, $comments));
        }
        $this->flushAll();

        $this->generateOptions($r, $posts);
        $this->flushAll();
        return $this->counts();
    }

    /** @return array<string, int> */
    public function counts(): array
    {
        $counts = [];
        foreach (array_keys($this->columns) as $table) {
            $counts[$table] = (int) $this->db->query("SELECT COUNT(*) FROM `$table`")->fetch_row()[0];
        }
        return $counts;
    }

    /**
     * A typical day: new posts with their meta and terms, an attachment row per new upload,
     * edits to 1% of posts biased toward the newest, and 50 option updates.
     * @return array<string, int>
     */
    public function typicalDay(int $day, int $newPosts, int $newAttachments): array
    {
        $p = $this->p;
        $r = Text::rng($this->seed, "db-day-$day");
        $before = $this->logicalBytes;
        $now = self::EPOCH + 6 * 365 * self::DAY + $day * self::DAY;
        $maxId = (int) $this->db->query("SELECT MAX(ID) FROM `{$p}posts`")->fetch_row()[0];
        $users = (int) $this->db->query("SELECT MAX(ID) FROM `{$p}users`")->fetch_row()[0];
        $terms = (int) $this->db->query("SELECT MAX(term_id) FROM `{$p}terms`")->fetch_row()[0];
        $metaPerPost = (int) round((int) $this->db->query("SELECT COUNT(*) FROM `{$p}postmeta`")->fetch_row()[0] / max(1, $maxId));

        // Edits first (to existing posts), then the day's new rows.
        $edits = max(1, (int) round($maxId * 0.01));
        $edited = [];
        for ($i = 0; $i < $edits; $i++) {
            // Zipf over age rank: the post of rank k (1 = newest) is edited with odds 1/k, so half the
            // edits fall on the newest sqrt(N) posts and the rest thin out over the whole archive.
            $rank = (int) floor($maxId ** Text::float($r));
            $id = max(1, $maxId + 1 - $rank);
            $edited[$id] = true;
        }
        foreach (array_keys($edited) as $id) {
            $this->editPost($r, $id, $now + $id % self::DAY);
        }

        for ($i = 1; $i <= $newPosts; $i++) {
            $this->insertPost($r, $maxId + $i, $now + $i * 60, $users, $terms, $metaPerPost, 'post');
        }
        for ($i = 1; $i <= $newAttachments; $i++) {
            $this->insertPost($r, $maxId + $newPosts + $i, $now + $i * 60 + 30, $users, $terms, $metaPerPost, 'attachment');
        }
        $this->flushAll();

        $options = $this->updateOptions($r, 50, $now);
        return ['edited_posts' => count($edited), 'new_posts' => $newPosts + $newAttachments, 'options' => $options, 'new_bytes' => $this->logicalBytes - $before];
    }

    /** The worst case: 1% of the rows of every table edited, uniformly at random. @return int rows edited */
    public function worstDay(int $day): int
    {
        $p = $this->p;
        $r = Text::rng($this->seed, "db-worst-$day");
        $now = self::date(self::EPOCH + 6 * 365 * self::DAY + $day * self::DAY);
        $edits = [
            "{$p}posts" => ['ID', "post_content = CONCAT(SUBSTRING(post_content, 1, GREATEST(0, CHAR_LENGTH(post_content) - 40)), ' (edited $now)'), post_modified = '$now', post_modified_gmt = '$now'"],
            "{$p}postmeta" => ['meta_id', "meta_value = CONCAT(SUBSTRING(COALESCE(meta_value, ''), 1, 200), '-e$day')"],
            "{$p}comments" => ['comment_ID', "comment_content = CONCAT(comment_content, ' [edited]'), comment_karma = comment_karma + 1"],
            "{$p}options" => ['option_id', "autoload = IF(autoload = 'yes', 'no', 'yes')"],
            "{$p}usermeta" => ['umeta_id', "meta_value = CONCAT(SUBSTRING(COALESCE(meta_value, ''), 1, 200), '-e$day')"],
            "{$p}term_taxonomy" => ['term_taxonomy_id', 'count = count + 1'],
        ];
        $total = 0;
        foreach ($edits as $table => [$key, $set]) {
            $max = (int) $this->db->query("SELECT MAX(`$key`) FROM `$table`")->fetch_row()[0];
            $rows = (int) $this->db->query("SELECT COUNT(*) FROM `$table`")->fetch_row()[0];
            $n = max(1, (int) round($rows * 0.01));
            $ids = [];
            while (count($ids) < $n) {
                $ids[$r->getInt(1, $max)] = true;
            }
            foreach (array_chunk(array_keys($ids), 1000) as $batch) {
                $this->db->query("UPDATE `$table` SET $set WHERE `$key` IN (" . implode(',', $batch) . ')');
                $total += $this->db->affected_rows;
            }
        }
        return $total;
    }

    private function insertPost(Randomizer $r, int $id, int $time, int $users, int $terms, int $meta, ?string $type = null): void
    {
        $p = $this->p;
        $type ??= match (true) {
            $id % 10 < 5 => 'post',
            $id % 10 < 7 => 'revision',
            $id % 10 < 9 => 'attachment',
            $id % 20 === 9 => 'page',
            default => 'nav_menu_item',
        };
        $title = $this->text->title($r);
        $slug = strtolower(str_replace(' ', '-', $title));
        $content = match ($type) {
            'post', 'page', 'revision' => $this->text->postContent($r, SiteFiles::logUniform($r, 800, 12000)),
            'attachment' => $this->text->paragraph($r, 1),
            default => '',
        };
        $date = self::date($time);
        $this->row("{$p}posts", [$id, $r->getInt(1, $users), $date, $date, $content, $title, $type === 'post' ? $this->text->paragraph($r, 2) : '',
            $type === 'revision' ? 'inherit' : 'publish', 'open', 'open', '', $type === 'revision' ? "$id-revision-v1" : $slug, '', '', $date, $date, '',
            $type === 'revision' || $type === 'attachment' ? max(0, $id - $r->getInt(1, 50)) : 0,
            "https://bench.example.test/?p=$id", 0, $type, $type === 'attachment' ? 'image/jpeg' : '', $r->getInt(0, 12)]);
        for ($m = 0; $m < $meta; $m++) {
            [$key, $value] = $this->metaFor($r, $type, $id, $m, $time);
            $this->row("{$p}postmeta", [$id, $key, $value]);
        }
        if ('post' === $type) {
            $this->row("{$p}term_relationships", [$id, $r->getInt(1, $terms)]);
            $this->row("{$p}term_relationships", [$id, $terms + $r->getInt(1, 1000000)]);
        }
    }

    /** @return array{string, string} */
    private function metaFor(Randomizer $r, string $type, int $id, int $m, int $time): array
    {
        if ('attachment' === $type) {
            $file = sprintf('20%02d/%02d/%s-%d.jpg', 19 + $r->getInt(0, 5), $r->getInt(1, 12), $this->text->word($r), $id);
            return match ($m) {
                0 => ['_wp_attached_file', $file],
                1 => ['_wp_attachment_metadata', serialize(['width' => $r->getInt(400, 4000), 'height' => $r->getInt(300, 3000), 'file' => $file,
                    'filesize' => $r->getInt(20000, 3000000), 'sizes' => array_map(fn ($w) => ['file' => basename($file, '.jpg') . "-{$w}x{$w}.jpg",
                        'width' => $w, 'height' => $w, 'mime-type' => 'image/jpeg', 'filesize' => $r->getInt(5000, 90000)], ['thumbnail' => 150, 'medium' => 300, 'medium_large' => 768, 'large' => 1024]),
                    'image_meta' => ['aperture' => '0', 'credit' => '', 'camera' => '', 'caption' => '', 'created_timestamp' => '0', 'copyright' => '', 'focal_length' => '0', 'iso' => '0', 'shutter_speed' => '0', 'title' => '', 'orientation' => '0', 'keywords' => []]])],
                2 => ['_wp_attachment_image_alt', $this->text->title($r)],
                3 => ['_edit_lock', ($time + 100) . ':1'],
                default => ['_edit_last', '1'],
            };
        }
        return match ($m) {
            0 => ['_edit_lock', ($time + 100) . ':' . $r->getInt(1, 5)],
            1 => ['_edit_last', (string) $r->getInt(1, 5)],
            2 => ['_thumbnail_id', (string) $r->getInt(1, max(1, $id))],
            3 => ['_yoast_wpseo_metadesc', $this->text->paragraph($r, 1)],
            4 => ['_yoast_wpseo_focuskw', $this->text->word($r)],
            default => ['_custom_field_' . $m, $this->text->word($r)],
        };
    }

    private function editPost(Randomizer $r, int $id, int $time): void
    {
        $p = $this->p;
        $row = $this->db->query("SELECT post_content FROM `{$p}posts` WHERE ID = $id")->fetch_row();
        if (null === $row) {
            return;
        }
        $content = (string) $row[0];
        // Rewrite a paragraph somewhere in the post and add a new one at the end.
        $at = strlen($content) > 0 ? $r->getInt(0, strlen($content) - 1) : 0;
        $new = substr($content, 0, $at) . ' ' . $this->text->paragraph($r, 2) . ' ' . substr($content, min(strlen($content), $at + 200))
            . "<!-- wp:paragraph -->\n<p>" . $this->text->paragraph($r, 2) . "</p>\n<!-- /wp:paragraph -->\n\n";
        $date = self::date($time);
        $this->db->query("UPDATE `{$p}posts` SET post_content = '" . $this->db->real_escape_string($new) . "', post_modified = '$date', post_modified_gmt = '$date' WHERE ID = $id");
        $this->db->query("UPDATE `{$p}postmeta` SET meta_value = '$time:1' WHERE post_id = $id AND meta_key = '_edit_lock'");
        $this->logicalBytes += max(0, strlen($new) - strlen($content));
    }

    private function comment(Randomizer $r, int $postId, int $time): void
    {
        $author = $this->text->word($r);
        $date = self::date($time);
        $this->row("{$this->p}comments", [$postId, ucfirst($author), "$author@example.test", '', '192.0.2.' . $r->getInt(1, 254),
            $date, $date, $this->text->paragraph($r, $r->getInt(1, 5)), 'Mozilla/5.0 (X11; Linux x86_64)', 0]);
    }

    private function generateOptions(Randomizer $r, int $posts): void
    {
        $names = ['siteurl', 'home', 'blogname', 'blogdescription', 'admin_email', 'permalink_structure', 'active_plugins', 'template',
            'stylesheet', 'cron', 'rewrite_rules', 'widget_block', 'sidebars_widgets', 'theme_mods_bench', 'wp_user_roles', 'recently_edited'];
        $count = 300 + (int) round($posts / 100);
        for ($i = 0; $i < $count; $i++) {
            $name = $names[$i] ?? match ($i % 4) {
                0 => '_transient_' . $this->text->word($r) . "_$i",
                1 => '_transient_timeout_' . $this->text->word($r) . "_$i",
                2 => $this->text->word($r) . '_settings_' . $i,
                default => '_site_transient_' . $this->text->word($r) . "_$i",
            };
            $this->row("{$this->p}options", [$name, $this->optionValue($r, $name, self::EPOCH), $i % 3 === 0 ? 'no' : 'yes']);
        }
    }

    private function optionValue(Randomizer $r, string $name, int $time): string
    {
        return match (true) {
            'cron' === $name => serialize($this->cronArray($r, $time)),
            'rewrite_rules' === $name => serialize(array_combine(
                array_map(fn ($i) => $this->text->word($r) . "/([^/]+)/page/?([0-9]{1,})/?\$-$i", range(0, 299)),
                array_map(fn ($i) => 'index.php?' . $this->text->word($r) . '=$matches[1]&paged=$matches[2]', range(0, 299))
            )),
            str_contains($name, 'timeout') => (string) ($time + $r->getInt(60, 86400)),
            str_contains($name, 'transient') || str_contains($name, 'settings') || str_starts_with($name, 'widget') || str_starts_with($name, 'theme_mods') => serialize([
                'version' => $r->getInt(1, 99) . '.' . $r->getInt(0, 9), 'updated' => $time, 'enabled' => (bool) $r->getInt(0, 1),
                'items' => array_map(fn () => ['title' => $this->text->title($r), 'value' => $this->text->word($r), 'n' => $r->getInt(0, 9999)], range(0, $r->getInt(1, 40))),
            ]),
            default => $this->text->title($r),
        };
    }

    /** @return array<int|string, mixed> */
    private function cronArray(Randomizer $r, int $time): array
    {
        $cron = [];
        foreach (['wp_version_check', 'wp_update_plugins', 'wp_update_themes', 'wp_scheduled_delete', 'delete_expired_transients',
            'wp_privacy_delete_old_export_files', 'recovery_mode_clean_expired_keys', 'wp_site_health_scheduled_check', 'site_backups_run'] as $i => $hook) {
            $cron[$time + 3600 * ($i + 1) + $r->getInt(0, 600)] = [$hook => [md5($hook) => ['schedule' => 'daily', 'args' => [], 'interval' => 86400]]];
        }
        $cron['version'] = 2;
        return $cron;
    }

    private function updateOptions(Randomizer $r, int $n, int $time): int
    {
        $p = $this->p;
        $max = (int) $this->db->query("SELECT MAX(option_id) FROM `{$p}options`")->fetch_row()[0];
        $done = 0;
        for ($i = 0; $i < $n; $i++) {
            // A third of the writes hit the busy options (cron, transients near the top), the rest anywhere.
            $id = 0 === $i % 3 ? $r->getInt(10, min($max, 40)) : $r->getInt(1, $max);
            $name = $this->db->query("SELECT option_name FROM `{$p}options` WHERE option_id = $id")->fetch_row()[0] ?? null;
            if (null === $name) {
                continue;
            }
            $value = $this->optionValue($r, (string) $name, $time + $i);
            $this->db->query("UPDATE `{$p}options` SET option_value = '" . $this->db->real_escape_string($value) . "' WHERE option_id = $id");
            $done++;
        }
        return $done;
    }

    /** @param list<int|string> $values */
    private function row(string $table, array $values): void
    {
        $parts = [];
        $bytes = 0;
        foreach ($values as $v) {
            if (is_int($v)) {
                $parts[] = (string) $v;
                $bytes += 8;
            } else {
                $parts[] = "'" . $this->db->real_escape_string($v) . "'";
                $bytes += strlen($v);
            }
        }
        $tuple = '(' . implode(',', $parts) . ')';
        $this->logicalBytes += $bytes;
        $this->pending[$table][] = $tuple;
        $this->pendingBytes[$table] = ($this->pendingBytes[$table] ?? 0) + strlen($tuple);
        if ($this->pendingBytes[$table] >= self::STATEMENT_BYTES) {
            $this->flush($table);
        }
    }

    private function flushAll(): void
    {
        foreach (array_keys($this->pending) as $table) {
            $this->flush($table);
        }
    }

    private function flush(string $table): void
    {
        if ([] === ($this->pending[$table] ?? [])) {
            return;
        }
        $columns = '`' . implode('`,`', $this->columns[$table]) . '`';
        $verb = str_ends_with($table, 'term_relationships') ? 'INSERT IGNORE' : 'INSERT';
        $this->db->query("$verb INTO `$table` ($columns) VALUES " . implode(',', $this->pending[$table]));
        $this->pending[$table] = [];
        $this->pendingBytes[$table] = 0;
    }

    private static function date(int $time): string
    {
        return gmdate('Y-m-d H:i:s', $time);
    }
}
