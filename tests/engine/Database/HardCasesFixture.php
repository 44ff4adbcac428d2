<?php

declare(strict_types=1);

namespace SiteBackups\Tests\Engine\Database;

use SiteBackups\Engine\Database\Connection;

/**
 * A schema with the cases a dump gets wrong: NULLs, every byte value, 4-byte
 * emoji, zero dates, a multi-megabyte row, no key, composite and string keys,
 * sparse ids, generated and invisible columns, views (one reading another),
 * triggers with `;` in their bodies, and neighbours of the prefix.
 */
final class HardCasesFixture {

	public const LONG_ROW_BYTES = 3 * 1024 * 1024 + 17;

	/** Tables of the `wp_` site. */
	public const TABLES     = array( 'wp_composite', 'wp_empty', 'wp_hard', 'wp_nokey', 'wp_sparse', 'wp_uniq' );
	public const VIEWS      = array( 'wp_a_view', 'wp_z_view' );
	public const NEIGHBOURS = array( 'wp2_x', 'wpx_other', 'WP_caps' );

	public static function create( Connection $db ): void {
		$allBytes = '';
		for ( $i = 0; $i < 256; ++$i ) {
			$allBytes .= chr( $i );
		}
		$nastyText = "quote ' double \" backslash \\ NUL \0 CR \r LF \n ctrl-Z \x1a tab \t; -- not a comment; /* nor this */ # nor this\n"
			. "DELIMITER ;;\nemoji 😀🎉 𝄞 and é ü ß 中文";

		$db->execute(
			<<<'SQL'
            CREATE TABLE wp_hard (
              id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
              maybe varchar(10) DEFAULT NULL,
              txt longtext,
              bin varbinary(300) DEFAULT NULL,
              blb longblob,
              fixed binary(4) DEFAULT NULL,
              emoji varchar(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci DEFAULT NULL,
              zero_dt datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
              zero_d date DEFAULT NULL,
              ts timestamp NULL DEFAULT NULL,
              amount decimal(30,10) DEFAULT NULL,
              f float DEFAULT NULL,
              d double DEFAULT NULL,
              bits bit(10) DEFAULT NULL,
              doc json DEFAULT NULL,
              en enum('a','b','c') DEFAULT NULL,
              st set('x','y','z') DEFAULT NULL,
              yr year(4) DEFAULT NULL,
              tm time(6) DEFAULT NULL,
              big bigint(20) DEFAULT NULL,
              gen_v bigint(20) GENERATED ALWAYS AS (length(txt)) VIRTUAL,
              gen_s varchar(30) GENERATED ALWAYS AS (concat('g-', maybe)) STORED,
              hidden int(11) INVISIBLE DEFAULT 7,
              PRIMARY KEY (id)
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
            SQL
		);
		$insert = $db->mysqli()->prepare(
			'INSERT INTO wp_hard (id, maybe, txt, bin, blb, fixed, emoji, zero_dt, zero_d, ts, amount, f, d, bits, doc, en, st, yr, tm, big, hidden)'
			. ' VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, b\'1010101010\', ?, ?, ?, ?, ?, ?, ?)'
		);
		$rows   = array(
			array( 1, null, null, null, null, null, null, '0000-00-00 00:00:00', null, null, null, null, null, null, null, null, null, null, null, null ),
			array(
				2,
				'x',
				$nastyText,
				$allBytes,
				str_repeat( $allBytes, 3 ),
				"\0\1\2\0",
				'😀 emoji 🎉',
				'0000-00-00 00:00:00',
				'0000-00-00',
				'2024-03-31 01:30:00',
				'-12345678901234567890.0123456789',
				'0.1234567',
				'0.12345678901234567',
				'{"k": "v\\"\\n é 😀", "n": [1, 2.5, null]}',
				'b',
				'x,z',
				'2024',
				'-838:59:59.000000',
				'-9223372036854775808',
				0,
			),
			array( 3, '', '', '', '', '', '', '2024-02-29 23:59:59', '2024-02-29', '1970-01-01 00:00:01', '0', '16777215', '1e300', '[]', 'c', '', '1901', '00:00:00.000001', '9223372036854775807', null ),
			array( 4, 'long', str_repeat( "long text row \\ ' 😀\n", intdiv( self::LONG_ROW_BYTES, 25 ) ), null, str_repeat( $allBytes, 4096 ), null, null, '2000-01-01 00:00:00', null, null, '1.5', '-0.5', '-1.5e-300', null, null, null, null, null, null, null ),
		);
		foreach ( $rows as $row ) {
			$insert->bind_param( str_repeat( 's', 20 ), ...$row );
			$insert->execute();
		}
		$insert->close();

		$db->execute( 'CREATE TABLE wp_nokey (a int DEFAULT NULL, b varchar(20) DEFAULT NULL, c text DEFAULT NULL) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' );
		$db->execute( "INSERT INTO wp_nokey VALUES (1, 'a', 'x'), (1, 'a', 'x'), (1, 'A', 'x'), (NULL, NULL, NULL), (NULL, NULL, NULL), (2, 'b', ';'), (0, '', '')" );

		$db->execute(
			'CREATE TABLE wp_composite (site varchar(64) NOT NULL, item int NOT NULL, payload varchar(200) DEFAULT NULL,'
			. ' counter int NOT NULL DEFAULT 0, PRIMARY KEY (site, item)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci'
		);
		$db->execute( "INSERT INTO wp_composite (site, item, payload) VALUES ('a', 1, 'one'), ('a', 2, 'two'), ('B', 1, 'B one'), ('b2', -7, NULL), ('😀', 3, 'emoji key'), ('it''s', 0, 'quote key')" );

		$db->execute( 'CREATE TABLE wp_sparse (id int NOT NULL, v varchar(20) NOT NULL, PRIMARY KEY (id)) ENGINE=InnoDB' );
		$db->execute( "INSERT INTO wp_sparse VALUES (-5, 'neg'), (0, 'zero'), (1, 'one'), (2, 'two'), (1000, 'k'), (1000000, 'M'), (1000000000, 'G'), (2147483647, 'max')" );

		$db->execute(
			'CREATE TABLE wp_uniq (code char(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, note varchar(20) DEFAULT NULL, maybe int DEFAULT NULL,'
			. ' UNIQUE KEY maybe (maybe), UNIQUE KEY code (code)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4'
		);
		$db->execute( "INSERT INTO wp_uniq VALUES ('b', 'bee', NULL), ('A', 'ay', NULL), ('a', 'small a', 3)" );

		$db->execute( 'CREATE TABLE wp_empty (id int NOT NULL AUTO_INCREMENT PRIMARY KEY, v text) ENGINE=InnoDB AUTO_INCREMENT=42' );

		$db->execute( 'CREATE VIEW wp_z_view AS SELECT id, emoji, gen_s FROM wp_hard WHERE id > 1' );
		$db->execute( 'CREATE VIEW wp_a_view AS SELECT COUNT(*) AS n FROM wp_z_view' );

		$db->execute(
			"CREATE TRIGGER wp_composite_bi BEFORE INSERT ON wp_composite FOR EACH ROW\n"
			. "BEGIN\n  SET NEW.counter = NEW.counter + 1;\n  IF NEW.payload IS NULL THEN SET NEW.payload = 'default; with semicolon'; END IF;\nEND"
		);
		$db->execute( 'CREATE TRIGGER wp_composite_bi2 BEFORE INSERT ON wp_composite FOR EACH ROW SET NEW.counter = NEW.counter * 10' );
		// A trigger created under another SQL mode must be recreated under that mode.
		$db->execute( "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,ANSI_QUOTES'" );
		$db->execute( 'CREATE TRIGGER wp_sparse_bu BEFORE UPDATE ON wp_sparse FOR EACH ROW SET NEW."v" = CONCAT(NEW."v", \'!\')' );
		$db->execute( "SET SESSION sql_mode = '" . Connection::SESSION_SQL_MODE . "'" );

		foreach ( self::NEIGHBOURS as $table ) {
			$db->execute( "CREATE TABLE `{$table}` (id int PRIMARY KEY)" );
			$db->execute( "INSERT INTO `{$table}` VALUES (1)" );
		}
		$db->execute( 'CREATE TRIGGER wp_named_but_foreign BEFORE INSERT ON wp2_x FOR EACH ROW SET NEW.id = NEW.id' );
		$db->execute( 'CREATE VIEW wp2_view AS SELECT id FROM wp2_x' );
	}
}
