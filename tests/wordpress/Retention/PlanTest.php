<?php
/**
 * The plan decides retention: Pro 60 days, Standard 1 day.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Tests\WordPress\Retention;

use SiteBackups\Retention\Plan;
use SiteBackups\Tests\WordPress\TestCase;

final class PlanTest extends TestCase {

	protected function tearDown(): void {
		remove_all_filters( 'site_backups_plan' );
		parent::tearDown();
	}

	public function test_pro_keeps_sixty_days_and_standard_one(): void {
		$this->use_plan( 'pro' );
		$pro = Plan::current();
		$this->assertSame( 60, $pro->retention_days() );
		$this->assertSame( 1000 + 60 * DAY_IN_SECONDS, $pro->expires_at( 1000 ) );
		$this->assertTrue( $pro->is_set_by_host() );

		$this->use_plan( ' Standard ' );
		$standard = Plan::current();
		$this->assertSame( 'standard', $standard->name() );
		$this->assertSame( 1, $standard->retention_days() );
	}

	public function test_without_a_plan_from_the_host_the_longer_retention_applies(): void {
		$this->use_plan( '' );
		$plan = Plan::current();
		$this->assertSame( 'pro', $plan->name() );
		$this->assertFalse( $plan->is_set_by_host() );

		$this->use_plan( 'platinum' );
		$this->assertSame( 60, Plan::current()->retention_days() );
	}

	private function use_plan( string $plan ): void {
		remove_all_filters( 'site_backups_plan' );
		add_filter( 'site_backups_plan', static fn (): string => $plan );
	}
}
