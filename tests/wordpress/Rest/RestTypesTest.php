<?php
/**
 * The screen's TypeScript types of the REST API (admin-ui/src/api/rest-types.generated.ts) are
 * what the running site's REST index publishes: a schema changed without `npm run rest-types`
 * fails here.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Rest;

use SiteBackups\Tests\WordPress\TestCase;

final class RestTypesTest extends TestCase {

	public function test_the_generated_types_match_the_schemas_the_site_publishes(): void {
		$site = (string) getenv( 'SITE_BACKUPS_WP_URL' );
		$this->assertNotSame( '', $site, 'SITE_BACKUPS_WP_URL names the test site' );
		$repo    = dirname( __DIR__, 3 );
		$process = proc_open(
			array( 'node', $repo . '/tests/stack/rest-types.mjs', '--check' ),
			array(
				1 => array( 'pipe', 'w' ),
				2 => array( 'pipe', 'w' ),
			),
			$pipes,
			$repo,
			array(
				'SITE_BACKUPS_WP_URL' => $site,
				'PATH'                => (string) getenv( 'PATH' ),
			)
		);
		$this->assertIsResource( $process );
		$output = stream_get_contents( $pipes[1] ) . stream_get_contents( $pipes[2] );
		fclose( $pipes[1] );
		fclose( $pipes[2] );
		$this->assertSame( 0, proc_close( $process ), (string) $output );
	}
}
