<?php
/**
 * The runner the plugin builds runs exactly the kinds of job the REST schema names, so a new kind
 * cannot be started without the screen and WP-CLI being told of it, nor named without a handler.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Jobs;

use SiteBackups\Plugin;
use SiteBackups\Rest\JobSchema;
use SiteBackups\Tests\WordPress\TestCase;

final class JobKindsTest extends TestCase {

	public function test_the_runner_and_the_schema_know_the_same_kinds(): void {
		$plugin = Plugin::instance();
		$this->assertNotNull( $plugin );
		$this->assertSame( JobSchema::KINDS, $plugin->job_runner()->kinds() );
	}
}
