<?php
declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Restore;

use SiteBackups\Engine\Database\Connection;

/**
 * Tables of one site tied by foreign keys, named every way plugins name them: by InnoDB
 * (`<table>_ibfk_1`), after the table (`wp_fk_items_order`), with the prefix inside
 * (`fk_wp_fk_orders_parent`, as WooCommerce does) and without it (`note_item`). A table that
 * references itself, a two-column key, every ON DELETE / ON UPDATE rule InnoDB keeps, and a
 * child whose name sorts before its parent's (it is loaded first).
 */
final class ForeignKeysFixture
{
	/** @return list<string> */
	public static function tables(string $prefix): array
	{
		return [$prefix . 'fk_a_notes', $prefix . 'fk_customers', $prefix . 'fk_items', $prefix . 'fk_orders'];
	}

	public static function create(Connection $db, string $prefix): void
	{
		$p = $prefix;
		$db->execute("CREATE TABLE {$p}fk_customers (id bigint(20) unsigned NOT NULL AUTO_INCREMENT, email varchar(100) NOT NULL, PRIMARY KEY (id), UNIQUE KEY email (email)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci");
		$db->execute(
			"CREATE TABLE {$p}fk_orders (id bigint(20) unsigned NOT NULL AUTO_INCREMENT, customer_id bigint(20) unsigned DEFAULT NULL,"
			. ' parent_id bigint(20) unsigned DEFAULT NULL, total decimal(26,8) NOT NULL DEFAULT 0, PRIMARY KEY (id), KEY customer_id (customer_id),'
			. " KEY parent_id (parent_id), FOREIGN KEY (customer_id) REFERENCES {$p}fk_customers (id) ON DELETE SET NULL,"
			. " CONSTRAINT fk_{$p}fk_orders_parent FOREIGN KEY (parent_id) REFERENCES {$p}fk_orders (id) ON DELETE CASCADE ON UPDATE CASCADE)"
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"CREATE TABLE {$p}fk_items (order_id bigint(20) unsigned NOT NULL, line int(11) NOT NULL, sku varchar(20) NOT NULL,"
			. " PRIMARY KEY (order_id, line), CONSTRAINT {$p}fk_items_order FOREIGN KEY (order_id) REFERENCES {$p}fk_orders (id) ON DELETE CASCADE)"
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"CREATE TABLE {$p}fk_a_notes (id int(11) NOT NULL AUTO_INCREMENT, order_id bigint(20) unsigned DEFAULT NULL, line int(11) DEFAULT NULL,"
			. ' note text NOT NULL, PRIMARY KEY (id), KEY item (order_id, line),'
			. " CONSTRAINT note_item FOREIGN KEY (order_id, line) REFERENCES {$p}fk_items (order_id, line) ON DELETE NO ACTION ON UPDATE RESTRICT)"
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute("INSERT INTO {$p}fk_customers (email) VALUES ('a@example.test'), ('b@example.test'), ('c@example.test')");
		$db->execute("INSERT INTO {$p}fk_orders (customer_id, parent_id, total) VALUES (1, NULL, '10.5'), (2, NULL, '20'), (1, 1, '3.25'), (NULL, 3, '1'), (3, 2, '99.99999999')");
		$db->execute("INSERT INTO {$p}fk_items VALUES (1, 1, 'A'), (1, 2, 'B'), (2, 1, 'C'), (3, 1, 'D'), (4, 1, 'E'), (5, 1, 'F')");
		$db->execute("INSERT INTO {$p}fk_a_notes (order_id, line, note) VALUES (1, 2, 'gift wrap'), (5, 1, 'fragile'), (NULL, NULL, 'general')");
	}
}
