<?php
/**
 * wp site-backups through the real WP-CLI binary against the test site.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Cli;

use SiteBackups\Tests\WordPress\TestCase;
use SiteBackups\Tests\WordPress\WordPressSite;

final class BackupsCommandTest extends TestCase {

	/**
	 * Runs `wp site-backups ...` in a new process.
	 *
	 * @param list<string> $args Arguments after "site-backups".
	 * @return array{status: int, out: string, err: string}
	 */
	private function wp( array $args ): array {
		return WordPressSite::wp( 'production', array_merge( array( 'site-backups' ), $args ) );
	}

	public function test_create_list_show_verify_and_delete_a_staging_backup(): void {
		$created = $this->wp( array( 'create', '--environment=staging', '--porcelain', '--note=CLI test', '--user=admin' ) );
		$this->assertSame( 0, $created['status'], $created['err'] . $created['out'] );
		$id = trim( $created['out'] );
		$this->assertMatchesRegularExpression( '/\A[0-9a-z]{26}\z/', $id, 'Porcelain prints only the id' );

		try {
			$list = $this->wp( array( 'list', '--environment=staging', '--format=json', '--user=admin' ) );
			$this->assertSame( 0, $list['status'], $list['err'] );
			$items = json_decode( $list['out'], true );
			$this->assertIsArray( $items );
			$this->assertSame( $id, $items[0]['id'] ?? null );
			$this->assertSame( 'CLI test', $items[0]['note'] );

			$ids = $this->wp( array( 'list', '--environment=staging', '--format=ids', '--user=admin' ) );
			$this->assertContains( $id, explode( ' ', trim( $ids['out'] ) ) );

			$show = $this->wp( array( 'show', $id, '--format=json', '--user=admin' ) );
			$this->assertSame( 0, $show['status'], $show['err'] );
			$this->assertSame( $id, json_decode( $show['out'], true )['id'] ?? null );
			$this->assertStringNotContainsString( '_links', $show['out'] );

			$verify = $this->wp( array( 'verify', $id, '--sample=10', '--user=admin' ) );
			$this->assertSame( 0, $verify['status'], $verify['err'] );
			$this->assertStringContainsString( 'is intact', $verify['out'] );
		} finally {
			$delete = $this->wp( array( 'delete', $id, '--yes', '--user=admin' ) );
		}
		$this->assertSame( 0, $delete['status'], $delete['err'] );
		$this->assertStringContainsString( 'Deleted backup ' . $id, $delete['out'] );

		$gone = $this->wp( array( 'show', $id, '--user=admin' ) );
		$this->assertSame( 1, $gone['status'] );
		$this->assertStringContainsString( 'No backup has that id.', $gone['err'] );
	}

	public function test_errors_exit_non_zero_with_the_rest_message(): void {
		$unknown = $this->wp( array( 'delete', '7zzzzzzzzzzzzzzzzzzzzzzzzz', '--yes', '--user=admin' ) );
		$this->assertSame( 1, $unknown['status'] );
		$this->assertStringContainsString( 'Error: No backup has that id.', $unknown['err'] );

		$malformed = $this->wp( array( 'show', '../../wp-config', '--user=admin' ) );
		$this->assertSame( 1, $malformed['status'] );
		$this->assertStringContainsString( 'Error:', $malformed['err'] );

		$environment = $this->wp( array( 'create', '--environment=mars', '--user=admin' ) );
		$this->assertSame( 1, $environment['status'] );
		$this->assertStringContainsString( 'not available', $environment['err'] );

		$note = $this->wp( array( 'create', '--note=' . str_repeat( 'x', 201 ), '--user=admin' ) );
		$this->assertSame( 1, $note['status'] );
		$this->assertStringContainsString( 'note', $note['err'] );

		$no_user = $this->wp( array( 'list' ) );
		$this->assertSame( 1, $no_user['status'] );
		$this->assertStringContainsString( '--user', $no_user['err'] );

		$verify = $this->wp( array( 'verify', 'ABC', '--user=admin' ) );
		$this->assertSame( 1, $verify['status'] );
		$this->assertStringContainsString( 'not a valid backup id', $verify['err'] );
	}

	public function test_status_says_when_nothing_runs(): void {
		$status = $this->wp( array( 'status', '--user=admin' ) );
		$this->assertSame( 0, $status['status'], $status['err'] );
		if ( str_contains( $status['out'], 'No backup is running.' ) ) {
			$this->assertSame( "No backup is running.\n", $status['out'] );
		} else {
			$this->assertStringContainsString( 'phase', $status['out'] );
		}
	}
}
