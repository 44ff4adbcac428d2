<?php
/**
 * Off-site copies without encryption, said plainly: on the screen, in the API and in Site Health.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Health;

use SiteBackups\Admin\AdminPage;
use SiteBackups\Offsite\OffsiteSettings;
use Throwable;

/**
 * A plain copy puts the whole database (password hashes, customers, the wp_options of every
 * plugin) in the bucket as it is: whoever can read the bucket reads the site. Off-site copies
 * set up without an encryption key get a warning with the way to turn encryption on: the
 * settings dialog for an administrator, the wp-config.php key for the host.
 */
final class PlainOffsiteHealth {

	public const TEST = 'site_backups_offsite_encryption';

	/**
	 * Sets up the check.
	 *
	 * @param OffsiteSettings $settings The off-site settings in force.
	 */
	public function __construct( private readonly OffsiteSettings $settings ) {
	}

	/**
	 * The warning and how to act on it; null when copies are encrypted or not made.
	 *
	 * @return array{message: string, fix: string}|null
	 */
	public function warning(): ?array {
		if ( ! $this->settings->is_configured() ) {
			return null;
		}
		try {
			if ( null !== $this->settings->sealer() ) {
				return null;
			}
		} catch ( Throwable ) {
			return null; // A malformed key stops the copies: the off-site status says so.
		}
		return array(
			'message' => __( 'Off-site copies are not encrypted: the database password and all of the site\'s data are readable by anyone who can read the bucket.', 'site-backups' ),
			'fix'     => $this->settings->is_set_by_host()
				? sprintf(
					/* translators: 1: the setting, 2: the wp-config.php constant, 3: the command that makes a key, 4: another setting. */
					__( 'Ask your host to turn encryption on: %1$s in %2$s in wp-config.php (32 random bytes, base64: %3$s), with a new %4$s or another bucket, since the copies already there are not encrypted.', 'site-backups' ),
					"'encryption_key'",
					OffsiteSettings::CONSTANT,
					'openssl rand -base64 32',
					"'prefix'"
				)
				: __( 'Turn encryption on in the off-site settings: keep a copy of the key away from this server, and choose a new prefix or another bucket, since the copies already there are not encrypted.', 'site-backups' ),
		);
	}

	/**
	 * The Site Health result: recommended while copies go off-site in plain form.
	 *
	 * @return array<string, mixed>
	 */
	public function site_health_result(): array {
		$warning = $this->warning();
		$result  = array(
			'label'       => __( 'Off-site copies are encrypted or not made', 'site-backups' ),
			'status'      => 'good',
			'badge'       => array(
				'label' => __( 'Security', 'site-backups' ),
				'color' => 'blue',
			),
			'description' => '<p>' . esc_html__( 'No backup leaves this server in a form others can read.', 'site-backups' ) . '</p>',
			'actions'     => '',
			'test'        => self::TEST,
		);
		if ( null === $warning ) {
			return $result;
		}
		$result['label']          = __( 'Off-site copies are not encrypted', 'site-backups' );
		$result['status']         = 'recommended';
		$result['badge']['color'] = 'orange';
		$result['description']    = '<p>' . esc_html( $warning['message'] ) . '</p><p>' . esc_html( $warning['fix'] ) . '</p>';
		$result['actions']        = sprintf(
			'<a href="%s">%s</a>',
			esc_url( AdminPage::url() ),
			$this->settings->is_set_by_host() ? esc_html__( 'Open Backups', 'site-backups' ) : esc_html__( 'Turn on encryption in Backups', 'site-backups' )
		);
		return $result;
	}
}
