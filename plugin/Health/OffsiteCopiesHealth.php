<?php
/**
 * Site Health's word on whether backups reach the bucket.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Health;

use SiteBackups\Admin\AdminPage;
use SiteBackups\Status\OffsiteState;
use SiteBackups\Status\SiteStatus;
use SiteBackups\Status\SiteTime;

/**
 * A failed copy never fails the backup, which is safe on this server, so nobody is told at
 * night; but until the copies work again, a server that is lost takes every backup with it. The
 * test is recommended while they fail, with the reason and when it last happened.
 */
final class OffsiteCopiesHealth {

	public const TEST = 'site_backups_offsite_copies';

	/**
	 * Sets up the check.
	 *
	 * @param SiteStatus $status Where the site stands.
	 */
	public function __construct( private readonly SiteStatus $status ) {
	}

	/**
	 * The Site Health result.
	 *
	 * @return array<string, mixed>
	 */
	public function site_health_result(): array {
		$offsite = $this->status->offsite();
		$result  = array(
			'label'       => OffsiteState::OFF === $offsite->state ? __( 'Off-site copies are off', 'site-backups' ) : __( 'Off-site copies work', 'site-backups' ),
			'status'      => 'good',
			'badge'       => array(
				'label' => __( 'Backups', 'site-backups' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html( $this->good_description( $offsite ) ) . '</p>',
			'actions'     => '',
			'test'        => self::TEST,
		);
		if ( ! $offsite->failing() ) {
			return $result;
		}
		$result['label']          = __( 'Off-site copies are failing', 'site-backups' );
		$result['status']         = 'recommended';
		$result['badge']['color'] = 'orange';
		$result['description']    = '<p><strong>' . esc_html(
			null === $offsite->failed_at
				/* translators: %s: why the copy failed. */
				? sprintf( __( 'Backups are not reaching the off-site bucket: %s', 'site-backups' ), $offsite->message )
				/* translators: 1: date and time of the first failure, 2: why the last attempt failed. */
				: sprintf( __( 'Backups have not reached the off-site bucket since %1$s. The last attempt failed: %2$s', 'site-backups' ), SiteTime::format( $offsite->failed_at ), $offsite->message )
		) . '</strong></p><p>' . esc_html(
			$offsite->set_by_host
				? __( 'The backups on this server are safe, and copies are tried again on their own; but if this server is lost, they are lost with it. The bucket is set up by your host in wp-config.php: ask them to check it.', 'site-backups' )
				: __( 'The backups on this server are safe, and copies are tried again on their own; but if this server is lost, they are lost with it. Check the off-site settings on the Backups screen.', 'site-backups' )
		) . '</p>';
		$result['actions'] = sprintf( '<a href="%s">%s</a>', esc_url( AdminPage::url() ), esc_html__( 'Open Backups', 'site-backups' ) );
		return $result;
	}

	/**
	 * What a good result says: off, working, or waiting for the first copy.
	 *
	 * @param OffsiteState $offsite The copies' state.
	 */
	private function good_description( OffsiteState $offsite ): string {
		if ( OffsiteState::OFF === $offsite->state ) {
			return __( 'Off-site copies are off: backups are kept on this server only.', 'site-backups' );
		}
		if ( null === $offsite->last_copy ) {
			return __( 'Off-site copies are on; the next backup is copied to the bucket when it is made.', 'site-backups' );
		}
		return sprintf(
			/* translators: %s: date and time of the last complete copy. */
			__( 'Every backup is copied to the off-site bucket; the last copy was complete at %s.', 'site-backups' ),
			SiteTime::format( $offsite->last_copy )
		);
	}
}
