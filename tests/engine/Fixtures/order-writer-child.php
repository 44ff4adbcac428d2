<?php
/**
 * Keeps placing "orders" for ConsistentCopyTest while a backup runs: a post and its ORDER_META meta
 * rows in one transaction, every few milliseconds, on its own connection.
 * Usage: php order-writer-child.php <database> <stop file>
 * Prints "ORDER <id>" after each commit and "DONE <count>" once the stop file appears.
 */
declare(strict_types=1);

require dirname(__DIR__) . '/bootstrap.php';

use SiteBackups\Engine\Database\Connection;
use SiteBackups\Tests\Engine\Database\ConsistentCopyTest;
use SiteBackups\Tests\Engine\Site\SiteTestCase;

[, $database, $stop] = $argv;
$mysqli = Connection::open(SiteTestCase::configFor($database))->mysqli();
$count  = 0;
while (!file_exists($stop)) {
	$mysqli->begin_transaction();
	$mysqli->query("INSERT INTO wp_posts (post_title, post_type) VALUES ('Order', 'shop_order')");
	$id = (int) $mysqli->insert_id;
	// The rows of one order land a moment apart, as a shop's checkout writes them.
	usleep(1000);
	for ($i = 0; $i < ConsistentCopyTest::ORDER_META; $i++) {
		$mysqli->query("INSERT INTO wp_postmeta (post_id, meta_key, meta_value) VALUES ($id, '_order_$i', 'value')");
	}
	$mysqli->commit();
	$count++;
	fwrite(STDOUT, "ORDER $id\n"); // not echo: an output buffer would hold it back
	usleep(2000);
	clearstatcache();
}
fwrite(STDOUT, "DONE $count\n");
