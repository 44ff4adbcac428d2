<?php

/**
 * Places "orders" in the bench site while a backup runs, as a shop's checkout does: a post and its
 * META meta rows in one transaction, the rows a moment apart, every few milliseconds.
 * Prints "ORDER <id>" after the first commit and "DONE <count>" once the stop file appears.
 *
 *   php tests/bench/order-writer.php <socket> <database> <user> <password> <stop file>
 */

declare(strict_types=1);

const META = 4;

[, $socket, $database, $user, $password, $stop] = $argv;
$db = mysqli_init();
$db->real_connect('localhost', $user, $password, $database, 0, $socket);
$count = 0;
while (!file_exists($stop)) {
    $db->begin_transaction();
    $db->query("INSERT INTO wp_posts (post_content, post_title, post_excerpt, to_ping, pinged, post_content_filtered, post_type)
        VALUES ('', 'Order', '', '', '', '', 'bench_order')");
    $id = (int) $db->insert_id;
    usleep(1000);
    for ($i = 0; $i < META; $i++) {
        $db->query("INSERT INTO wp_postmeta (post_id, meta_key, meta_value) VALUES ($id, '_bench_order_$i', 'value')");
    }
    $db->commit();
    if (0 === $count++) {
        fwrite(STDOUT, "ORDER $id\n");
    }
    usleep(2000);
    clearstatcache();
}
fwrite(STDOUT, "DONE $count\n");
