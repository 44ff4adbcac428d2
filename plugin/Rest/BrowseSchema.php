<?php
/**
 * The JSON Schemas of what BrowseController sends: a folder, the tables, the changes between two
 * backups, one file's bytes.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Rest;

use SiteBackups\Engine\Browse\FileChange;
use SiteBackups\Engine\Browse\FolderItem;
use SiteBackups\Engine\Browse\TableChange;

/**
 * One titled schema per route (the screen's TypeScript types are generated from them). Names of
 * files and tables need not be UTF-8: one that is not travels base64-encoded under "<key>_b64"
 * instead of "<key>", so each such pair is listed and neither is required.
 */
final class BrowseSchema {

	/**
	 * GET /backups/{id}/files.
	 *
	 * @return array<string, mixed>
	 */
	public static function folder_page(): array {
		return self::titled(
			'site-backups-folder-page',
			__( 'One page of a folder of a backup: its direct contents, sorted by name.', 'site-backups' ),
			self::named( 'folder', __( 'The folder; empty for the top of the site.', 'site-backups' ) ) + array(
				'items' => self::list_of( self::folder_item() ),
				'next'  => self::cursor(),
			),
			array( 'items', 'next' )
		);
	}

	/**
	 * GET /backups/{id}/tables.
	 *
	 * @return array<string, mixed>
	 */
	public static function tables_page(): array {
		$facts = array(
			'type'                 => 'object',
			'additionalProperties' => array( 'type' => 'string' ),
		);
		return self::titled(
			'site-backups-tables-page',
			__( 'One page of the tables of a backup, sorted by name, with what the backup says of the whole database.', 'site-backups' ),
			array(
				'has_database' => self::field( 'boolean', __( 'Whether the backup holds a database.', 'site-backups' ) ),
				'items'        => self::list_of( self::table_info() ),
				'next'         => self::cursor(),
				'left_out'     => array( 'description' => __( 'Tables left out (another install\'s, or listed as foreign), with why.', 'site-backups' ) ) + $facts,
				'skipped'      => array( 'description' => __( 'Tables, views or triggers that could not be copied, with why.', 'site-backups' ) ) + $facts,
				'moment'       => self::field( array( 'number', 'null' ), __( 'The Unix time the copy of the database stands for.', 'site-backups' ) ),
				'consistent'   => self::field( array( 'boolean', 'null' ), __( 'Whether the copy is of one moment.', 'site-backups' ) ),
				'row_counts'   => self::field( 'boolean', __( 'Whether the backup counted the rows of its tables (older backups did not).', 'site-backups' ) ),
			),
			array( 'has_database', 'items', 'next', 'left_out', 'skipped', 'moment', 'consistent', 'row_counts' )
		);
	}

	/**
	 * GET /backups/{id}/changes.
	 *
	 * @return array<string, mixed>
	 */
	public static function changes(): array {
		return self::titled(
			'site-backups-changes',
			__( 'The paths added, changed and removed from one backup (since) to another, a page at a time, in the order of the backup\'s list (a folder, then its contents).', 'site-backups' ),
			self::compared() + array(
				'summary' => array( 'type' => array( 'object', 'null' ) ) + self::summary(),
				'files'   => self::list_of( self::file_change() ),
				'next'    => self::cursor(),
			),
			array( 'backup', 'since', 'summary', 'files', 'next' )
		);
	}

	/**
	 * GET /backups/{id}/changes/tables.
	 *
	 * @return array<string, mixed>
	 */
	public static function table_changes(): array {
		return self::titled(
			'site-backups-table-changes',
			__( 'The tables added, changed and removed from one backup (since) to another, a page at a time, sorted by name. Rows are compared by their stored key ranges, without reading them.', 'site-backups' ),
			self::compared() + array(
				'items' => self::list_of( self::table_change() ),
				'next'  => self::cursor(),
			),
			array( 'backup', 'since', 'items', 'next' )
		);
	}

	/**
	 * GET /backups/{id}/files/content: bytes, not JSON.
	 *
	 * @return array<string, mixed>
	 */
	public static function file_content(): array {
		return array(
			'$schema'          => 'http://json-schema.org/draft-04/schema#',
			'title'            => 'site-backups-backup-file',
			'description'      => __( 'The bytes of one regular file of a backup. Images (PNG, JPEG, GIF, WebP) are sent as such, text as text/plain, anything else as application/octet-stream; never as HTML. Sent as an attachment unless inline=1 asks for an image or text.', 'site-backups' ),
			'type'             => 'string',
			'contentMediaType' => 'application/octet-stream',
		);
	}

	/**
	 * A folder's item.
	 *
	 * @return array<string, mixed>
	 */
	private static function folder_item(): array {
		return self::object(
			self::named( 'name', __( 'The name in its folder.', 'site-backups' ) )
			+ self::named( 'path', __( 'The path from the top of the site.', 'site-backups' ) )
			+ array(
				'type'       => self::field( 'string', __( 'What the path is.', 'site-backups' ) ) + array( 'enum' => array( FolderItem::FILE, FolderItem::DIR, FolderItem::SYMLINK, FolderItem::OTHER ) ),
				'size'       => self::field( 'integer', __( 'Bytes the backup holds of a file; 0 for anything else.', 'site-backups' ) ),
				'mode'       => self::field( 'string', __( 'Permission bits in octal, e.g. 0644.', 'site-backups' ) ),
				'mtime'      => self::field( 'integer', __( 'Modification time (Unix time).', 'site-backups' ) ),
				'target'     => self::field( array( 'string', 'null' ), __( 'Where a symbolic link points (never followed); null for anything else.', 'site-backups' ) ),
				'target_b64' => self::field( 'string', __( 'The target, base64-encoded, when it is not UTF-8.', 'site-backups' ) ),
				'backed_up'  => self::field( 'boolean', __( 'Whether the backup holds it; false for a path it left out.', 'site-backups' ) ),
				'reason'     => self::field( array( 'string', 'null' ), __( 'Why the backup left it out; null when it holds it.', 'site-backups' ) ),
			),
			array( 'type', 'size', 'mode', 'mtime', 'backed_up', 'reason' )
		);
	}

	/**
	 * A table of a backup.
	 *
	 * @return array<string, mixed>
	 */
	private static function table_info(): array {
		$number = static fn ( string $description ): array => self::field( array( 'integer', 'null' ), $description );
		return self::object(
			self::named( 'name', __( 'The table.', 'site-backups' ) ) + array(
				'rows'           => $number( __( 'How many rows the copy holds; null when the backup did not count them.', 'site-backups' ) ),
				'ranges'         => self::field( 'integer', __( 'Stored pieces of its rows (non-empty key ranges).', 'site-backups' ) ),
				'bytes'          => self::field( 'integer', __( 'Bytes of its SQL.', 'site-backups' ) ),
				'strategy'       => self::field( array( 'string', 'null' ), __( 'How its rows were read.', 'site-backups' ) ),
				'key'            => array(
					'description' => __( 'The key its rows are ordered by.', 'site-backups' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'string' ),
				),
				'auto_increment' => $number( __( 'AUTO_INCREMENT when it was copied.', 'site-backups' ) ),
				'data_length'    => $number( __( 'The server\'s DATA_LENGTH when it was copied (an estimate for InnoDB).', 'site-backups' ) ),
				'index_length'   => $number( __( 'The server\'s INDEX_LENGTH when it was copied.', 'site-backups' ) ),
				'engine'         => self::field( array( 'string', 'null' ), __( 'The storage engine.', 'site-backups' ) ),
				'skipped'        => self::field( array( 'string', 'null' ), __( 'Why it could not be copied; null when it was.', 'site-backups' ) ),
			),
			array( 'rows', 'ranges', 'bytes', 'strategy', 'key', 'auto_increment', 'data_length', 'index_length', 'engine', 'skipped' )
		);
	}

	/**
	 * A path that differs.
	 *
	 * @return array<string, mixed>
	 */
	private static function file_change(): array {
		$maybe = static fn ( $type, string $description ): array => self::field( array( $type, 'null' ), $description );
		return self::object(
			self::named( 'path', __( 'The path from the top of the site.', 'site-backups' ) ) + array(
				'kind'           => self::field( 'string', __( 'added, changed or removed.', 'site-backups' ) ) + array( 'enum' => array( FileChange::ADDED, FileChange::CHANGED, FileChange::REMOVED ) ),
				'type_before'    => $maybe( 'string', __( 'What it was (file, dir, symlink); null when added.', 'site-backups' ) ),
				'type_after'     => $maybe( 'string', __( 'What it is (file, dir, symlink); null when removed.', 'site-backups' ) ),
				'fields'         => array(
					'description' => __( 'For a change, what differs: type, status, size, content, mode, mtime, target.', 'site-backups' ),
					'type'        => 'array',
					'items'       => array( 'type' => 'string' ),
				),
				'size_before'    => $maybe( 'integer', __( 'Bytes before, for a file the older backup holds.', 'site-backups' ) ),
				'size_after'     => $maybe( 'integer', __( 'Bytes after, for a file the newer backup holds.', 'site-backups' ) ),
				'mtime_before'   => $maybe( 'integer', __( 'Modification time before (Unix time).', 'site-backups' ) ),
				'mtime_after'    => $maybe( 'integer', __( 'Modification time after (Unix time).', 'site-backups' ) ),
				'mode_before'    => $maybe( 'string', __( 'Permission bits before, in octal.', 'site-backups' ) ),
				'mode_after'     => $maybe( 'string', __( 'Permission bits after, in octal.', 'site-backups' ) ),
				'area'           => self::field( 'string', __( 'The part of the site, e.g. wp-content/uploads; empty for the files at the top.', 'site-backups' ) ),
				'php_in_uploads' => self::field( 'boolean', __( 'A PHP file that appeared in the uploads folder, where WordPress never puts one.', 'site-backups' ) ),
			),
			array( 'kind', 'type_before', 'type_after', 'fields', 'size_before', 'size_after', 'mtime_before', 'mtime_after', 'mode_before', 'mode_after', 'area', 'php_in_uploads' )
		);
	}

	/**
	 * A table that differs.
	 *
	 * @return array<string, mixed>
	 */
	private static function table_change(): array {
		$integer = static fn ( string $description ): array => self::field( 'integer', $description );
		$maybe   = static fn ( string $description ): array => self::field( array( 'integer', 'null' ), $description );
		return self::object(
			self::named( 'name', __( 'The table.', 'site-backups' ) ) + array(
				'kind'                  => self::field( 'string', __( 'added, changed or removed.', 'site-backups' ) ) + array( 'enum' => array( TableChange::ADDED, TableChange::CHANGED, TableChange::REMOVED ) ),
				'schema_changed'        => self::field( 'boolean', __( 'Whether its definition differs.', 'site-backups' ) ),
				'ranges_before'         => $integer( __( 'Stored key ranges before.', 'site-backups' ) ),
				'ranges_after'          => $integer( __( 'Stored key ranges after.', 'site-backups' ) ),
				'ranges_only_before'    => $integer( __( 'Key ranges of the older backup the newer one does not hold.', 'site-backups' ) ),
				'ranges_only_after'     => $integer( __( 'Key ranges of the newer backup the older one does not hold.', 'site-backups' ) ),
				'ranges_differing'      => $integer( __( 'At least this many key ranges differ.', 'site-backups' ) ),
				'bytes_before'          => $integer( __( 'Bytes of its SQL before.', 'site-backups' ) ),
				'bytes_after'           => $integer( __( 'Bytes of its SQL after.', 'site-backups' ) ),
				'auto_increment_before' => $maybe( __( 'AUTO_INCREMENT before.', 'site-backups' ) ),
				'auto_increment_after'  => $maybe( __( 'AUTO_INCREMENT after.', 'site-backups' ) ),
				'data_length_before'    => $maybe( __( 'DATA_LENGTH before.', 'site-backups' ) ),
				'data_length_after'     => $maybe( __( 'DATA_LENGTH after.', 'site-backups' ) ),
				'rows_before'           => $maybe( __( 'Rows before; null when that backup did not count them, or lacks the table.', 'site-backups' ) ),
				'rows_after'            => $maybe( __( 'Rows after; null when that backup did not count them, or lacks the table.', 'site-backups' ) ),
				'row_delta'             => $maybe( __( 'How many rows more (or fewer) the newer backup holds; null when either count is unknown.', 'site-backups' ) ),
			),
			array( 'kind', 'schema_changed', 'ranges_before', 'ranges_after', 'ranges_only_before', 'ranges_only_after', 'ranges_differing', 'bytes_before', 'bytes_after', 'auto_increment_before', 'auto_increment_after', 'data_length_before', 'data_length_after', 'rows_before', 'rows_after', 'row_delta' )
		);
	}

	/**
	 * The counts of every change (without its type, which the caller says).
	 *
	 * @return array<string, mixed>
	 */
	private static function summary(): array {
		$integer = array( 'type' => 'integer' );
		$counts  = array(
			'added'   => $integer,
			'changed' => $integer,
			'removed' => $integer,
		);
		$area    = self::object(
			self::named( 'area', __( 'The part of the site.', 'site-backups' ) ) + $counts + array(
				'bytes_added'   => $integer,
				'bytes_removed' => $integer,
			),
			array( 'added', 'changed', 'removed', 'bytes_added', 'bytes_removed' )
		);
		return array(
			'description' => __( 'Counts of every change, per part of the site (folders are not counted: their contents are); sent with the first page only, null on the pages after.', 'site-backups' ),
			'properties'  => array(
				'areas'          => self::list_of( $area ),
				'php_in_uploads' => self::object(
					array(
						'count' => $integer,
						'paths' => self::list_of( self::object( self::named( 'path', __( 'A PHP file that appeared in the uploads folder.', 'site-backups' ) ), array() ) ),
					),
					array( 'count', 'paths' )
				),
				'tables'         => self::object( $counts, array_keys( $counts ) ),
			) + $counts,
			'required'    => array( 'areas', 'added', 'changed', 'removed', 'php_in_uploads', 'tables' ),
		);
	}

	/**
	 * The two backups a comparison is of.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private static function compared(): array {
		return array(
			'backup' => self::field( 'string', __( 'The newer backup.', 'site-backups' ) ),
			'since'  => self::field( 'string', __( 'The backup compared with: the one asked for, else the one before of the same environment.', 'site-backups' ) ),
		);
	}

	/**
	 * A page's cursor.
	 *
	 * @return array<string, mixed>
	 */
	private static function cursor(): array {
		return self::field( array( 'string', 'null' ), __( 'What to send as after for the next page; null on the last page.', 'site-backups' ) );
	}

	/**
	 * A name that travels as "<key>" when it is UTF-8 and as "<key>_b64" when not.
	 *
	 * @param string $key         The property.
	 * @param string $description What it is.
	 * @return array<string, array<string, mixed>>
	 */
	private static function named( string $key, string $description ): array {
		return array(
			$key          => self::field( 'string', $description ),
			$key . '_b64' => self::field( 'string', __( 'The same, base64-encoded, sent instead when it is not UTF-8.', 'site-backups' ) ),
		);
	}

	/**
	 * A read-only field.
	 *
	 * @param string|list<string> $type        Its JSON type(s).
	 * @param string              $description What it is.
	 * @return array<string, mixed>
	 */
	private static function field( string|array $type, string $description ): array {
		return array(
			'description' => $description,
			'type'        => $type,
			'context'     => array( 'view', 'edit', 'embed' ),
			'readonly'    => true,
		);
	}

	/**
	 * A list of items.
	 *
	 * @param array<string, mixed> $item The items' schema.
	 * @return array<string, mixed>
	 */
	private static function list_of( array $item ): array {
		return array(
			'type'     => 'array',
			'context'  => array( 'view', 'edit', 'embed' ),
			'readonly' => true,
			'items'    => $item,
		);
	}

	/**
	 * An object that always sends $required.
	 *
	 * @param array<string, mixed> $properties Its properties.
	 * @param string[]             $required   Those always sent.
	 * @return array<string, mixed>
	 */
	private static function object( array $properties, array $required ): array {
		return array(
			'type'       => 'object',
			'properties' => $properties,
			'required'   => $required,
		);
	}

	/**
	 * A route's schema.
	 *
	 * @param string               $title       Its title (the TypeScript type's name).
	 * @param string               $description What the route sends.
	 * @param array<string, mixed> $properties  Its properties.
	 * @param string[]             $required    Those always sent.
	 * @return array<string, mixed>
	 */
	private static function titled( string $title, string $description, array $properties, array $required ): array {
		return array(
			'$schema'     => 'http://json-schema.org/draft-04/schema#',
			'title'       => $title,
			'description' => $description,
		) + self::object( $properties, $required );
	}
}
