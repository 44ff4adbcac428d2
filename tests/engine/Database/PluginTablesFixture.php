<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\Connection;

/**
 * What popular plugins put in a site's database, beside what HardCasesFixture already covers
 * (composite and unique-only keys, generated columns, JSON, ENUM/SET): WooCommerce's order tables
 * (HPOS) with BIGINT UNSIGNED ids up to 18446744073709551615, Action Scheduler's actions with
 * arguments of a few hundred KB and a long log, a VARCHAR primary key whose collation order is not
 * its byte order, MyISAM and Aria tables, a legacy utf8mb3 table, an indexed virtual column over
 * JSON, DECIMAL(65,30), FULLTEXT and SPATIAL indexes. The schemas follow the plugins' own.
 */
final class PluginTablesFixture {

	/** Log rows for the tests; the benchmark's sites hold far more (pass a bigger count). */
	public const LOG_ROWS = 20000;
	public const LARGE_ARGS_BYTES = 300 * 1024;

	/** @return list<string> the tables, in name order */
	public static function tables( string $prefix = 'wp_' ): array {
		$names = array(
			'actionscheduler_actions',
			'actionscheduler_logs',
			'aria_cache',
			'geo_places',
			'legacy_utf8',
			'myisam_log',
			'product_lookup',
			'search_index',
			'wc_order_addresses',
			'wc_orders',
			'wc_orders_meta',
			'wfconfig',
		);

		return array_map( static fn ( string $name ): string => $prefix . $name, $names );
	}

	public static function create( Connection $db, string $prefix = 'wp_', int $logRows = self::LOG_ROWS ): void {
		$db->execute( 'SET SESSION max_recursive_iterations = 100000000' );
		self::orders( $db, $prefix );
		self::actionScheduler( $db, $prefix, $logRows );
		self::collationKeys( $db, $prefix );
		self::engines( $db, $prefix );
		self::columnsAndIndexes( $db, $prefix );
	}

	/** WooCommerce's HPOS tables, ids at the top of BIGINT UNSIGNED (above PHP's integers). */
	private static function orders( Connection $db, string $p ): void {
		$db->execute(
			"CREATE TABLE {$p}wc_orders (id bigint(20) unsigned NOT NULL, status varchar(20) DEFAULT NULL, currency varchar(10) DEFAULT NULL,"
			. ' type varchar(20) DEFAULT NULL, tax_amount decimal(26,8) DEFAULT NULL, total_amount decimal(26,8) DEFAULT NULL,'
			. ' customer_id bigint(20) unsigned DEFAULT NULL, billing_email varchar(320) DEFAULT NULL, date_created_gmt datetime DEFAULT NULL,'
			. ' date_updated_gmt datetime DEFAULT NULL, parent_order_id bigint(20) unsigned DEFAULT NULL, payment_method varchar(100) DEFAULT NULL,'
			. ' payment_method_title text DEFAULT NULL, transaction_id varchar(100) DEFAULT NULL, ip_address varchar(100) DEFAULT NULL,'
			. ' user_agent text DEFAULT NULL, customer_note text DEFAULT NULL, PRIMARY KEY (id), KEY status (status),'
			. ' KEY date_created (date_created_gmt), KEY customer_id_billing_email (customer_id, billing_email(171)),'
			. ' KEY billing_email (billing_email(171)), KEY type_status_date (type, status, date_created_gmt),'
			. ' KEY parent_order_id (parent_order_id), KEY date_updated (date_updated_gmt))'
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$ids = array( '1', '2', '3', '4294967296', '9223372036854775806', '9223372036854775807', '9223372036854775808', '9223372036854775809', '18446744073709551000', '18446744073709551614', '18446744073709551615' );
		foreach ( $ids as $i => $id ) {
			$parent   = 0 === $i % 3 ? 'NULL' : $ids[ $i - 1 ];
			$customer = 0 === $i % 2 ? '18446744073709551615' : (string) $i;
			$db->execute(
				"INSERT INTO {$p}wc_orders VALUES ({$id}, 'wc-" . ( 0 === $i % 2 ? 'completed' : 'processing' ) . "', 'EUR', 'shop_order',"
				. " '1.23456789', '12345678901234567.12345678', {$customer}, 'Buyer.{$i}@Example.test', '2024-01-0" . ( 1 + $i % 9 ) . " 10:00:00',"
				. " NULL, {$parent}, 'stripe', 'Carte bancaire \u{1F4B3}', 'pi_{$i}', '2001:db8::{$i}', 'Mozilla/5.0 (\"quoted\"; it''s)', "
				. ( 0 === $i % 4 ? 'NULL' : "'Please ring twice;\nthanks \u{1F600}'" ) . ')'
			);
		}
		$db->execute(
			"CREATE TABLE {$p}wc_order_addresses (id bigint(20) unsigned NOT NULL AUTO_INCREMENT, order_id bigint(20) unsigned NOT NULL,"
			. ' address_type varchar(20) DEFAULT NULL, first_name text DEFAULT NULL, last_name text DEFAULT NULL, company text DEFAULT NULL,'
			. ' address_1 text DEFAULT NULL, address_2 text DEFAULT NULL, city text DEFAULT NULL, state text DEFAULT NULL,'
			. ' postcode text DEFAULT NULL, country text DEFAULT NULL, email varchar(320) DEFAULT NULL, phone varchar(100) DEFAULT NULL,'
			. ' PRIMARY KEY (id), UNIQUE KEY address_type_order_id (address_type, order_id), KEY order_id (order_id),'
			. ' KEY email (email(171)), KEY phone (phone)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		foreach ( array_slice( $ids, -5 ) as $i => $order ) {
			foreach ( array( 'billing', 'shipping' ) as $n => $type ) {
				// 18446744073709551610 to ...614, beyond PHP's integers, and around 2^63.
				$row = 'billing' === $type ? '1844674407370955161' . $i : '922337203685477580' . ( 5 + $i );
				$db->execute(
					"INSERT INTO {$p}wc_order_addresses VALUES ({$row}, {$order}, '{$type}', 'Zoë', 'Ñúñez-O''Brien', NULL,"
					. " 'Straße 1', '', 'København', 'Île-de-France', '75001', 'FR', 'zoe+{$n}@example.test', '+33 1 23 45 67 89')"
				);
			}
		}
		$db->execute(
			"CREATE TABLE {$p}wc_orders_meta (id bigint(20) unsigned NOT NULL AUTO_INCREMENT, order_id bigint(20) unsigned DEFAULT NULL,"
			. ' meta_key varchar(255) DEFAULT NULL, meta_value text DEFAULT NULL, PRIMARY KEY (id),'
			. ' KEY meta_key_value (meta_key(100), meta_value(82)), KEY order_id_meta_key_meta_value (order_id, meta_key(100), meta_value(82)))'
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$insert = $db->mysqli()->prepare( "INSERT INTO {$p}wc_orders_meta (order_id, meta_key, meta_value) VALUES (?, ?, ?)" );
		foreach ( $ids as $i => $order ) {
			foreach ( array( '_billing_address_index', '_order_stock_reduced', '_wc_order_attribution' ) as $key ) {
				$value = serialize(
					array(
						'key'   => $key,
						'order' => $order,
						'note'  => "it's \"quoted\" \\ é 😀",
						'n'     => $i,
					)
				);
				$insert->bind_param( 'sss', $order, $key, $value );
				$insert->execute();
			}
		}
		$insert->close();
	}

	/** Action Scheduler: a few actions whose arguments run to hundreds of KB, and a long log. */
	private static function actionScheduler( Connection $db, string $p, int $logRows ): void {
		$db->execute(
			"CREATE TABLE {$p}actionscheduler_actions (action_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, hook varchar(191) NOT NULL,"
			. " status varchar(20) NOT NULL, scheduled_date_gmt datetime DEFAULT '0000-00-00 00:00:00',"
			. " scheduled_date_local datetime DEFAULT '0000-00-00 00:00:00', priority tinyint(3) unsigned NOT NULL DEFAULT 10,"
			. " args varchar(191) DEFAULT NULL, schedule longtext DEFAULT NULL, group_id bigint(20) unsigned NOT NULL DEFAULT 0,"
			. " attempts int(11) NOT NULL DEFAULT 0, last_attempt_gmt datetime DEFAULT '0000-00-00 00:00:00',"
			. " last_attempt_local datetime DEFAULT '0000-00-00 00:00:00', claim_id bigint(20) unsigned NOT NULL DEFAULT 0,"
			. ' extended_args longtext DEFAULT NULL, PRIMARY KEY (action_id), KEY hook_status_scheduled_date_gmt (hook(163), status, scheduled_date_gmt),'
			. ' KEY status_scheduled_date_gmt (status, scheduled_date_gmt), KEY scheduled_date_gmt (scheduled_date_gmt), KEY args (args),'
			. ' KEY group_id (group_id), KEY last_attempt_gmt (last_attempt_gmt),'
			. ' KEY claim_id_status_scheduled_date_gmt (claim_id, status, scheduled_date_gmt))'
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$insert = $db->mysqli()->prepare(
			"INSERT INTO {$p}actionscheduler_actions (hook, status, scheduled_date_gmt, scheduled_date_local, args, schedule, group_id, extended_args)"
			. ' VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
		);
		for ( $i = 0; $i < 40; ++$i ) {
			$large    = 0 === $i % 10;
			$payload  = array(
				'order_ids' => range( $i * 1000, $i * 1000 + ( $large ? 20000 : 5 ) ),
				'message'   => str_repeat( "Ligne d'export \"CSV\"; é 😀 \\ \0 \r\n", $large ? 4000 : 1 ),
			);
			$extended = $large ? substr( json_encode( array( $payload ), JSON_THROW_ON_ERROR | JSON_INVALID_UTF8_SUBSTITUTE ), 0, self::LARGE_ARGS_BYTES ) : null;
			$args     = $large ? md5( (string) $extended ) : json_encode( array( $i ), JSON_THROW_ON_ERROR );
			$schedule = serialize( $large ? $payload : array( 'next' => 1700000000 + $i ) );
			$hook     = 'woocommerce_run_product_export_' . ( $i % 3 );
			$status   = array( 'pending', 'complete', 'failed' )[ $i % 3 ];
			$gmt      = '2024-02-29 23:59:' . sprintf( '%02d', $i );
			$group    = (string) ( $i % 4 );
			$insert->bind_param( 'ssssssss', $hook, $status, $gmt, $gmt, $args, $schedule, $group, $extended );
			$insert->execute();
		}
		$insert->close();
		$db->execute(
			"CREATE TABLE {$p}actionscheduler_logs (log_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, action_id bigint(20) unsigned NOT NULL,"
			. " message text NOT NULL, log_date_gmt datetime DEFAULT '0000-00-00 00:00:00', log_date_local datetime DEFAULT '0000-00-00 00:00:00',"
			. ' PRIMARY KEY (log_id), KEY action_id (action_id), KEY log_date_gmt (log_date_gmt))'
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"INSERT INTO {$p}actionscheduler_logs (action_id, message, log_date_gmt, log_date_local)"
			. " WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < {$logRows})"
			. " SELECT 1 + n MOD 40, ELT(1 + n MOD 4, 'action created', 'action started via WP Cron', 'action complete via WP Cron',"
			. " CONCAT('action failed: ', REPEAT('é', n MOD 50), ' \u{1F600} \\\\ ''x''')),"
			. " '2024-01-01 00:00:00' + INTERVAL n SECOND, '2024-01-01 01:00:00' + INTERVAL n SECOND FROM s"
		);
	}

	/** A VARCHAR primary key: mixed case, accents, a trailing space, sorted by collation, not by bytes. */
	private static function collationKeys( Connection $db, string $p ): void {
		$db->execute(
			"CREATE TABLE {$p}wfconfig (name varchar(100) NOT NULL, val longblob DEFAULT NULL, autoload enum('no','yes') NOT NULL DEFAULT 'yes',"
			. ' PRIMARY KEY (name)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$names = array( 'alpha', 'Beta', 'beta2', 'émile', 'Emma', 'Zeta', 'zulu', 'Ärger', 'apple', 'Ñandú', 'naïve', 'Ωmega', '日本', 'trailing ', 'UPPER', 'lower', '_under', '~tilde', 'Éclair', 'eclairs', '😀 emoji' );
		$starts = array( 'a', 'B', 'é', 'Ä', 'z', 'Ω', 'E', 'ü' );
		for ( $i = 0; $i < 600; ++$i ) {
			$names[] = $starts[ $i % count( $starts ) ] . '-' . sprintf( '%04d', ( $i * 7919 ) % 10000 );
		}
		$insert = $db->mysqli()->prepare( "INSERT INTO {$p}wfconfig (name, val, autoload) VALUES (?, ?, ?)" );
		foreach ( $names as $i => $name ) {
			$val      = str_repeat( chr( $i % 256 ) . "\0'\"\\", 40 + $i % 50 );
			$autoload = 0 === $i % 2 ? 'yes' : 'no';
			$insert->bind_param( 'sss', $name, $val, $autoload );
			$insert->execute();
		}
		$insert->close();
	}

	/** Tables that are not InnoDB, and one still in utf8mb3. */
	private static function engines( Connection $db, string $p ): void {
		$db->execute(
			"CREATE TABLE {$p}myisam_log (id int(10) unsigned NOT NULL AUTO_INCREMENT, msg varchar(255) NOT NULL, at datetime NOT NULL,"
			. ' PRIMARY KEY (id), KEY at (at)) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
		);
		$db->execute(
			"INSERT INTO {$p}myisam_log (msg, at) WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 500)"
			. " SELECT CONCAT('visit ', n, ' café'), '2024-03-01 00:00:00' + INTERVAL n MINUTE FROM s"
		);
		$db->execute(
			"CREATE TABLE {$p}aria_cache (k varchar(64) NOT NULL, v mediumblob DEFAULT NULL, expires int(10) unsigned NOT NULL DEFAULT 0,"
			. ' PRIMARY KEY (k)) ENGINE=Aria DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci PAGE_CHECKSUM=1 TRANSACTIONAL=1'
		);
		$db->execute(
			"INSERT INTO {$p}aria_cache WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < 300)"
			. " SELECT CONCAT('transient_', MD5(n)), UNHEX(REPEAT(MD5(n), 8)), 1700000000 + n FROM s"
		);
		$db->execute(
			"CREATE TABLE {$p}legacy_utf8 (id int(11) NOT NULL AUTO_INCREMENT, title varchar(255) NOT NULL, body text DEFAULT NULL,"
			. ' PRIMARY KEY (id)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb3 COLLATE=utf8mb3_general_ci'
		);
		$db->execute(
			"INSERT INTO {$p}legacy_utf8 (title, body) VALUES ('café', 'crème brûlée'), ('中文', 'Ωmega ∑'), ('quote '' and \\\\', NULL),"
			. " ('tab\tnewline\n', 'ctrl \x1a and NUL \\0')"
		);
	}

	/** JSON with an indexed virtual column, DECIMAL(65,30), ENUM/SET, FULLTEXT and SPATIAL indexes. */
	private static function columnsAndIndexes( Connection $db, string $p ): void {
		$db->execute(
			"CREATE TABLE {$p}product_lookup (product_id bigint(20) NOT NULL, sku varchar(100) DEFAULT '', price decimal(65,30) NOT NULL,"
			. " attrs longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(attrs)),"
			. " color varchar(20) GENERATED ALWAYS AS (json_unquote(json_extract(attrs,'$.color'))) VIRTUAL,"
			. ' price_rounded decimal(20,2) GENERATED ALWAYS AS (round(price,2)) STORED,'
			. " kind enum('simple','variable','grouped') NOT NULL DEFAULT 'simple', tags set('sale','new','featured') DEFAULT NULL,"
			. ' PRIMARY KEY (product_id), KEY color (color), KEY price_rounded (price_rounded))'
			. ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"INSERT INTO {$p}product_lookup (product_id, sku, price, attrs, kind, tags) VALUES"
			. " (-9223372036854775808, 'MIN', '-99999999999999999999999999999999999.999999999999999999999999999999', '{\"color\":\"red\"}', 'simple', ''),"
			. " (0, '', '0.000000000000000000000000000001', NULL, 'variable', 'sale,featured'),"
			. " (1, 'tee-\u{1F455}', '19.990000000000000000000000000000', '{\"color\":\"bl\\\\\"ue\",\"sizes\":[\"S\",\"M\"],\"é\":null}', 'grouped', 'new'),"
			. " (9223372036854775807, 'MAX', '99999999999999999999999999999999999.999999999999999999999999999999', '[]', 'simple', 'sale,new,featured')"
		);
		$db->execute(
			"CREATE TABLE {$p}search_index (id int(11) NOT NULL AUTO_INCREMENT, title varchar(200) NOT NULL, body longtext DEFAULT NULL,"
			. ' PRIMARY KEY (id), FULLTEXT KEY title_body (title, body)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"INSERT INTO {$p}search_index (title, body) VALUES ('Backups', 'restore the whole site'), ('Crème', 'brûlée; \"quoted\"'),"
			. " ('Emoji', '\u{1F600} search'), ('Empty', NULL)"
		);
		$db->execute(
			"CREATE TABLE {$p}geo_places (id int(11) NOT NULL, name varchar(50) NOT NULL, pt point NOT NULL, area polygon DEFAULT NULL,"
			. ' PRIMARY KEY (id), SPATIAL KEY pt (pt)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci'
		);
		$db->execute(
			"INSERT INTO {$p}geo_places VALUES (1, 'Paris', ST_GeomFromText('POINT(2.3522 48.8566)'), NULL),"
			. " (2, 'Null island', ST_GeomFromText('POINT(0 0)', 4326), ST_GeomFromText('POLYGON((0 0,1 0,1 1,0 1,0 0))', 4326)),"
			. " (3, 'Far', ST_GeomFromText('POINT(-179.999999 -89.999999)'), ST_GeomFromText('POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))'))"
		);
	}
}
