<?php
/**
 * The plugin activates cleanly on a real WordPress.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress;

final class PluginActivationTest extends TestCase {

	private const PLUGIN = 'site-backups/site-backups.php';

	public function test_activates_without_output_or_php_notices(): void {
		deactivate_plugins( self::PLUGIN, true );
		$this->assertFalse( is_plugin_active( self::PLUGIN ) );

		$problems = array();
		set_error_handler(
			static function ( int $level, string $message, string $file, int $line ) use ( &$problems ): bool {
				$problems[] = "$message in $file:$line";
				return true;
			}
		);
		ob_start();
		try {
			$result = activate_plugin( self::PLUGIN );
		} finally {
			$output = (string) ob_get_clean();
			restore_error_handler();
		}

		$this->assertNull( $result, 'activate_plugin() returned an error' );
		$this->assertSame( '', $output, 'Activation printed output' );
		$this->assertSame( array(), $problems );
		$this->assertTrue( is_plugin_active( self::PLUGIN ) );
	}

	public function test_header_declares_requirements_and_text_domain(): void {
		$data = get_plugin_data( WP_PLUGIN_DIR . '/' . self::PLUGIN, false, false );
		$this->assertSame( 'Site Backups', $data['Name'] );
		$this->assertSame( 'site-backups', $data['TextDomain'] );
		$this->assertSame( '6.6', $data['RequiresWP'] );
		$this->assertSame( '8.1', $data['RequiresPHP'] );
	}
}
