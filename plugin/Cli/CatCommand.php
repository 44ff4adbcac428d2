<?php
/**
 * WP-CLI: wp site-backups cat.
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Cli;

use SiteBackups\App\BrowseBackup;
use SiteBackups\Engine\Snapshot\SnapshotId;
use SiteBackups\Support\Redactor;
use Throwable;
use WP_CLI;

/**
 * Writes one file of a backup to standard output, byte for byte, straight from the store: the
 * route that sends it over HTTP ends its request, so this calls the application itself and
 * checks the user and the id with the same messages.
 */
final class CatCommand {

	/**
	 * Sets up the command.
	 *
	 * @param BrowseBackup $browse Reads inside the backups this server holds.
	 */
	public function __construct( private readonly BrowseBackup $browse ) {
	}

	/**
	 * Writes one file of a backup to standard output.
	 *
	 * The bytes are written as the backup holds them (binary files too), each piece checked
	 * against its hash before it is written. Folders and symbolic links have no content: list
	 * them with wp site-backups files.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The backup's id.
	 *
	 * <path>
	 * : The file, from the top of the site, e.g. wp-config.php.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp site-backups cat 06dq4w1m2f3e5g6h7j8k9m0n1p wp-content/themes/mytheme/style.css --user=admin
	 *
	 *     # Compare a file with the live one.
	 *     $ wp site-backups cat 06dq4w1m2f3e5g6h7j8k9m0n1p .htaccess --user=admin | diff - .htaccess
	 *
	 *     $ wp site-backups cat 06dq4w1m2f3e5g6h7j8k9m0n1p wp-content/uploads/logo.png --user=admin > logo.png
	 *
	 * @param string[]             $args       Positional arguments.
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		RestCall::require_user();
		$id = (string) $args[0];
		if ( ! SnapshotId::isValid( $id ) ) {
			WP_CLI::error( __( 'That is not a valid backup id.', 'site-backups' ) );
		}
		try {
			$file = $this->browse->file( $id, (string) $args[1] );
			$file->copyTo( STDOUT );
		} catch ( Throwable $error ) {
			WP_CLI::error( Redactor::redact( $error->getMessage() ) );
		}
	}
}
