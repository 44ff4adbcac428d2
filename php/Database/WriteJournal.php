<?php

declare(strict_types=1);

namespace SiteBackups\Engine\Database;

/**
 * Which tables the site's own code may have written, as the plugin notes them from every statement
 * WordPress sends (JournalFolder keeps them). A backup takes a mark when it starts; the next backup
 * asks what may have been written since that mark.
 */
interface WriteJournal
{
    /**
     * Begins a new period and returns its mark (plain data, kept with the snapshot); null when no journal
     * is kept (the plugin has not recorded one), so there is nothing to vouch for.
     *
     * @return array<string, mixed>|null
     */
    public function mark(): ?array;

    /**
     * The writes since $mark; null when the journal cannot vouch for all of that time (it was not kept
     * throughout: the plugin was deactivated or updated, a note could not be written, the host restarted).
     *
     * @param array<string, mixed> $mark
     */
    public function writtenSince(array $mark): ?JournalReading;
}
