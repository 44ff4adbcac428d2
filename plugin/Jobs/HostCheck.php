<?php
/**
 * What the runner asks before it starts a job: can this host run it at all?
 *
 * @package SiteBackups
 */

declare(strict_types=1);

namespace SiteBackups\Jobs;

/**
 * A job the host lacks something for (a writable store, mysqli, database privileges) would
 * fail halfway; the runner refuses it before it starts with what the check found.
 */
interface HostCheck {

	/**
	 * The first problem that stops a kind of job, if any.
	 *
	 * @param string $kind A job kind: backup, restore, fetch or offsite.
	 * @return array{code: string, message: string, fix: string, blocks: list<string>}|null
	 */
	public function blocking( string $kind ): ?array;
}
