<?php
/**
 * Real backups of the staging site to look inside and compare: a folder of known files in its
 * uploads, then (for a comparison) a PHP file planted in the uploads and an option changed.
 *
 * Staging is backed up because nothing else writes to it while the tests hold the stack: two
 * of its backups with nothing changed in between differ in nothing at all, so every change a
 * comparison lists is one made here. Everything is undone by remove().
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

use PHPUnit\Framework\Assert;
use SiteBackups\Engine\Store\Durable;

final class BrowseFixture {

	/** The planted file, from the top of the site. */
	public const EVIL = 'wp-content/uploads/2026/11/evil.php';

	/** A name that is not UTF-8 (Latin-1 "café.txt"). */
	public const LATIN1 = "caf\xe9.txt";

	/** Every name in the folder, in byte order, as a listing gives them. */
	public const NAMES = array( 'a.txt', 'b.txt', 'blob.bin', 'c.txt', self::LATIN1, 'image.png', 'link', 'page.html', 'sub', 'vector.svg' );

	/** A 1×1 PNG. */
	private const PNG = '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360f8cfc0f01f0005000201e5277ede0000000049454e44ae426082';

	/** The folder of known files, from the top of the site. */
	public string $folder = '';

	/** The backup that holds the folder. */
	public string $older = '';

	/** The backup made after the plant and the option change; '' without a comparison. */
	public string $newer = '';

	/** @var list<string> Folders made for the planted file (from the top of the site), deepest last. */
	public array $made = array();

	private ?string $option_before = null;

	/** The option changed between the two backups. */
	public string $option_value = '';

	/** Makes the folder and its backup; with $compare, the change and a second backup too. */
	public static function make( bool $compare ): self {
		$fixture         = new self();
		$fixture->folder = 'wp-content/uploads/sb-browse-' . strtolower( wp_generate_password( 8, false ) );
		$root            = self::root();
		$folder          = $root . '/' . $fixture->folder;
		Assert::assertTrue( wp_mkdir_p( $folder . '/sub' ) );
		file_put_contents( $folder . '/a.txt', "first\n" );
		file_put_contents( $folder . '/b.txt', "second\n" );
		file_put_contents( $folder . '/c.txt', "third\n" );
		file_put_contents( $folder . '/' . self::LATIN1, "Latin-1 name\n" );
		file_put_contents( $folder . '/blob.bin', random_bytes( 300000 ) . "\0\r\n\xff" );
		file_put_contents( $folder . '/image.png', (string) hex2bin( self::PNG ) );
		file_put_contents( $folder . '/page.html', "<html><script>alert(document.cookie)</script></html>\n" );
		file_put_contents( $folder . '/vector.svg', "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>\n" );
		file_put_contents( $folder . '/sub/inner.txt', "inner\n" );
		// Up to the top of the site: the backup holds the link, never what it points to.
		Assert::assertTrue( symlink( '../../..', $folder . '/link' ) );
		if ( is_file( $root . '/' . self::EVIL ) ) {
			unlink( $root . '/' . self::EVIL ); // Left by a run that was killed.
		}
		$fixture->older = WordPressSite::create_backup( 'staging', 'Browse test' );
		if ( ! $compare ) {
			return $fixture;
		}

		foreach ( array( 'wp-content/uploads/2026', 'wp-content/uploads/2026/11' ) as $dir ) {
			if ( ! is_dir( $root . '/' . $dir ) ) {
				Assert::assertTrue( mkdir( $root . '/' . $dir, 0755 ) );
				$fixture->made[] = $dir;
			}
		}
		file_put_contents( $root . '/' . self::EVIL, "<?php system( \$_GET['c'] );\n" );
		$db                     = WordPressSite::database( 'staging' );
		$before                 = $db->query( "SELECT option_value FROM wp_options WHERE option_name = 'blogdescription'" )->fetch_row();
		$fixture->option_before = is_array( $before ) ? (string) $before[0] : '';
		$fixture->option_value  = 'Browse test ' . wp_generate_password( 12, false );
		$update                 = $db->prepare( "UPDATE wp_options SET option_value = ? WHERE option_name = 'blogdescription'" );
		$update->bind_param( 's', $fixture->option_value );
		Assert::assertTrue( $update->execute() );
		Assert::assertSame( 1, $db->affected_rows );
		$db->close();
		$fixture->newer = WordPressSite::create_backup( 'staging', 'Browse test, after the plant' );
		return $fixture;
	}

	/** Deletes the backups and undoes every change to the staging site. */
	public function remove(): void {
		foreach ( array( $this->newer, $this->older ) as $backup ) {
			if ( '' !== $backup ) {
				WordPressSite::wp( 'production', array( 'site-backups', 'delete', $backup, '--yes', '--user=admin' ) );
			}
		}
		$root = self::root();
		if ( '' !== $this->folder ) {
			Durable::removeTree( $root . '/' . $this->folder );
		}
		if ( null !== $this->option_before ) {
			$db     = WordPressSite::database( 'staging' );
			$update = $db->prepare( "UPDATE wp_options SET option_value = ? WHERE option_name = 'blogdescription'" );
			$update->bind_param( 's', $this->option_before );
			$update->execute();
			$db->close();
		}
		if ( is_file( $root . '/' . self::EVIL ) ) {
			unlink( $root . '/' . self::EVIL );
		}
		foreach ( array_reverse( $this->made ) as $dir ) {
			rmdir( $root . '/' . $dir );
		}
	}

	/** The folder's absolute path on disk. */
	public function on_disk( string $name ): string {
		return self::root() . '/' . $this->folder . '/' . $name;
	}

	private static function root(): string {
		return WordPressSite::root( 'staging' );
	}
}
