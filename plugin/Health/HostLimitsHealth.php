<?php
/**
 * What the host's PHP settings take away from backups, for Site Health.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Health;

/**
 * Hosts disable functions (disable_functions) and fence PHP into folders (open_basedir). The
 * plugin works without the functions it can do without, more slowly or less far; this says
 * which are missing and what each costs. The folders PHP may not reach stop jobs (Preflight).
 */
final class HostLimitsHealth {

	public const TEST = 'site_backups_host_limits';

	/**
	 * The functions the plugin would use that PHP lacks here, each with what its absence costs.
	 *
	 * @return array<string, string>
	 */
	public static function missing_functions(): array {
		$costs   = array(
			'ignore_user_abort'      => __( 'WordPress\'s own wp-cron.php stops with a fatal error, so other plugins\' scheduled tasks do not run; Site Backups runs its own in visitors\' requests', 'site-backups' ),
			'set_time_limit'         => __( 'a download of a large backup ends when PHP\'s time limit is reached', 'site-backups' ),
			'curl_multi_exec'        => __( 'off-site copies send one request at a time, which is slower', 'site-backups' ),
			'fastcgi_finish_request' => __( 'where the site cannot reach itself over HTTP, backups cannot move on in visitors\' requests', 'site-backups' ),
		);
		$missing = array();
		foreach ( $costs as $function => $cost ) {
			// @phpstan-ignore function.alreadyNarrowedType (a host's disable_functions removes functions at run time.)
			if ( ! function_exists( $function ) && ( 'fastcgi_finish_request' !== $function || ! function_exists( 'litespeed_finish_request' ) ) ) {
				$missing[ $function ] = $cost;
			}
		}
		return $missing;
	}

	/**
	 * The Site Health result.
	 *
	 * @return array<string, mixed>
	 */
	public function site_health_result(): array {
		$missing = self::missing_functions();
		$result  = array(
			'label'       => __( 'PHP lets backups use everything they need', 'site-backups' ),
			'status'      => 'good',
			'badge'       => array(
				'label' => __( 'Backups', 'site-backups' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html__( 'No function that backups use is disabled.', 'site-backups' ) . '</p>',
			'test'        => self::TEST,
		);
		if ( ! $missing ) {
			return $result;
		}
		$result['label']       = __( 'Backups work with some PHP functions disabled', 'site-backups' );
		$result['status']      = 'recommended';
		$result['description'] = '';
		foreach ( $missing as $function => $cost ) {
			/* translators: 1: a PHP function name, 2: what its absence costs. */
			$result['description'] .= '<p>' . esc_html( sprintf( __( '%1$s is disabled: %2$s.', 'site-backups' ), $function . '()', $cost ) ) . '</p>';
		}
		$result['description'] .= '<p>' . esc_html__( 'Backups still work. Ask your host to allow these functions to lift these limits.', 'site-backups' ) . '</p>';
		return $result;
	}
}
