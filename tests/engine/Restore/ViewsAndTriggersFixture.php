<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Database\Connection;

/**
 * What plugins build on their tables: a view reading a table, a view reading that view and another
 * table, triggers whose bodies write another table of the site. Only the objects' names carry the
 * prefix; the column `wp_owner`, the alias `wp_note` and a string naming `wp_y` are the same under
 * any prefix, as a restore into another prefix must keep them.
 */
final class ViewsAndTriggersFixture
{
	/** @return list<string> the views, in the order they read each other */
	public static function views(string $prefix): array
	{
		return [$prefix . 'x', $prefix . 'xx'];
	}

	public static function create(Connection $db, string $prefix): void
	{
		$p = $prefix;
		$db->execute("CREATE TABLE {$p}y (id int(11) NOT NULL AUTO_INCREMENT, title varchar(50) NOT NULL, wp_owner int(11) DEFAULT NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
		$db->execute("INSERT INTO {$p}y (title, wp_owner) VALUES ('one', 1), ('two', 2), ('three', NULL), ('four', 2)");
		$db->execute("CREATE TABLE {$p}log (id int(11) NOT NULL AUTO_INCREMENT, what varchar(100) NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
		$db->execute("INSERT INTO {$p}log (what) VALUES ('two'), ('two'), ('four')");
		$db->execute("CREATE VIEW {$p}x AS SELECT id, title, wp_owner, 'reads `wp_y`' AS wp_note FROM {$p}y WHERE id > 1");
		$db->execute("CREATE VIEW {$p}xx AS SELECT v.id, v.wp_owner, COUNT(l.id) AS n FROM {$p}x v LEFT JOIN {$p}log l ON l.what = v.title GROUP BY v.id, v.wp_owner");
		$db->execute("CREATE TRIGGER {$p}y_ai AFTER INSERT ON {$p}y FOR EACH ROW INSERT INTO {$p}log (what) SELECT CONCAT('added ', title, ' of ', IFNULL(wp_owner, 'nobody')) FROM {$p}y WHERE id = NEW.id");
		$db->execute("CREATE TRIGGER {$p}y_bu BEFORE UPDATE ON {$p}y FOR EACH ROW BEGIN\n  SET NEW.title = UPPER(NEW.title);\n  INSERT INTO `{$p}log` (what) VALUES ('updated; `wp_y`');\nEND");
	}
}
