/**
 * One recovery point as the list shows it.
 */
import { __, _n, sprintf } from '@wordpress/i18n';

import type {
	ApiBackup,
	BackupLocation,
	OffsiteCopyState,
	Trigger,
} from '../api/types';
import { backupLocations, locationLabel } from './backup-location';
import { verificationLabel } from './backup-verification';
import { offsiteCopyView } from './offsite-copy';
import {
	formatSiteDate,
	formatSiteDateToSecond,
	formatTimeAgo,
} from './format-date';
import { formatBytes } from './format-size';

export interface BackupRow {
	id: string;
	type: string;
	trigger: Trigger;
	note: string;
	createdLabel: string;
	/**
	 * What names it for screen readers, in its buttons' labels: its date to
	 * the second, so two backups made in one minute read apart.
	 */
	name: string;
	createdRelative: string;
	createdIso: string;
	sizeLabel: string;
	storedLabel: string;
	statusLabel: string;
	/** Complete, but with files that could not be read. */
	partial: boolean;
	/** "3 files skipped"; '' when none were. */
	skippedLabel: string;
	/**
	 * "Only 2 paths and 1 table" for a backup of part of the site (a safety
	 * backup before restoring chosen files or tables), which restores only
	 * that part; '' for a whole backup.
	 */
	scopeLabel: string;
	/**
	 * "Before restoring the backup of December 4, 2026 9:22 pm" for a
	 * safety backup ("Before a restore" when the server does not say which);
	 * '' for any other.
	 */
	originLabel: string;
	expiresLabel: string;
	skipped: number;
	locations: BackupLocation[];
	locationLabel: string;
	/** Kept only in the bucket: fetched before it is downloaded. */
	offsiteOnly: boolean;
	/**
	 * Where its copy off-site stands (copied, copying, waiting, failed);
	 * null when copies do not go off-site. Never blocks restoring or
	 * downloading it.
	 */
	offsiteCopy: OffsiteCopyState | null;
	/** How far its copy under way is; null when not copying or not known. */
	offsiteCopyPercent: number | null;
	/** "Copying off-site… 40%", "Waiting to copy off-site"…; '' when copies are off. */
	offsiteCopyLabel: string;
	/** What the server accepts for it, as it said (never guessed here). */
	canRestore: boolean;
	canDelete: boolean;
	canDownload: boolean;
	canFetch: boolean;
	/**
	 * Whether it can be trusted: one here is; one only the bucket holds when
	 * its record is signed with this site's recovery key.
	 */
	verified: boolean;
	/** Why it is not verified, for people; '' when it is. */
	verificationLabel: string;
}

const TYPE_LABELS: Record< Trigger, () => string > = {
	scheduled: () => __( 'Automatic', 'site-backups' ),
	manual: () => __( 'Manual', 'site-backups' ),
	safety: () => __( 'Safety', 'site-backups' ),
};

/**
 * "1 file skipped", "3 files skipped"; '' for none.
 *
 * @param count Files that could not be read.
 */
function skippedLabel( count: number ): string {
	return count > 0
		? sprintf(
				/* translators: %d: number of files. */
				_n(
					'%d file skipped',
					'%d files skipped',
					count,
					'site-backups'
				),
				count
			)
		: '';
}

/**
 * "Only 2 paths and 1 table" for a backup of part of the site; '' for a
 * whole one.
 *
 * @param scope What a partial backup holds; null when it holds everything.
 */
export function scopeLabel( scope: ApiBackup[ 'scope' ] ): string {
	if ( ! scope ) {
		return '';
	}
	const count = ( counted: string ) =>
		/* translators: %s: "2 paths" or "1 table". */
		sprintf( __( 'Only %s', 'site-backups' ), counted );
	const paths = sprintf(
		/* translators: %d: number of files or folders. */
		_n( '%d path', '%d paths', scope.paths.length, 'site-backups' ),
		scope.paths.length
	);
	if ( scope.tables.length === 0 ) {
		return count( paths );
	}
	const tables = sprintf(
		/* translators: %d: number of database tables. */
		_n( '%d table', '%d tables', scope.tables.length, 'site-backups' ),
		scope.tables.length
	);
	if ( scope.paths.length === 0 ) {
		return count( tables );
	}
	/* translators: 1: "2 paths", 2: "1 table". */
	return sprintf( __( 'Only %1$s and %2$s', 'site-backups' ), paths, tables );
}

/**
 * What a safety backup was taken before: the restore of which backup, as
 * the server recorded it; '' for a backup of any other kind.
 *
 * @param backup The API's backup.
 */
export function originLabel( backup: ApiBackup ): string {
	if ( backup.trigger !== 'safety' ) {
		return '';
	}
	if ( ! backup.restore_of ) {
		return __( 'Before a restore', 'site-backups' );
	}
	return sprintf(
		/* translators: %s: date and time the restored backup was made, in the site's formats. */
		__( 'Before restoring the backup of %s', 'site-backups' ),
		formatSiteDate( backup.restore_of.created )
	);
}

/**
 * One recovery point, ready for the list.
 *
 * @param backup The API's backup.
 * @param now    The current time, for relative hints.
 */
export function toBackupRow( backup: ApiBackup, now: Date ): BackupRow {
	const locations = backupLocations( backup );
	const copy = offsiteCopyView( backup );
	return {
		id: backup.id,
		type: ( TYPE_LABELS[ backup.trigger ] ?? TYPE_LABELS.manual )(),
		trigger: backup.trigger,
		// A safety backup's note is the server's, with the restored backup's id:
		// its row says in words which restore it was taken before.
		note: backup.trigger === 'safety' ? originLabel( backup ) : backup.note,
		createdIso: backup.created,
		createdLabel: formatSiteDate( backup.created ),
		name: formatSiteDateToSecond( backup.created ),
		createdRelative: formatTimeAgo( backup.created, now ),
		sizeLabel: formatBytes( backup.size ),
		storedLabel: formatBytes( backup.stored_bytes ),
		statusLabel:
			backup.status === 'complete'
				? __( 'Complete', 'site-backups' )
				: __( 'Complete, with skipped files', 'site-backups' ),
		partial: backup.status !== 'complete',
		skippedLabel: skippedLabel( backup.counts.skipped ?? 0 ),
		scopeLabel: scopeLabel( backup.scope ),
		originLabel: originLabel( backup ),
		expiresLabel: backup.expires
			? formatSiteDate( backup.expires )
			: __( 'Kept as the latest backup', 'site-backups' ),
		skipped: backup.counts.skipped ?? 0,
		locations,
		locationLabel: locationLabel( locations ),
		offsiteOnly: ! locations.includes( 'local' ),
		offsiteCopy: copy?.state ?? null,
		offsiteCopyPercent: copy?.percent ?? null,
		offsiteCopyLabel: copy?.label ?? '',
		canRestore: backup.can_restore,
		canDelete: backup.can_delete,
		canDownload: backup.can_download,
		canFetch: backup.can_fetch,
		verified: backup.verified !== false,
		verificationLabel: verificationLabel( backup ),
	};
}

/**
 * The rows of one page, each with a name no other row has. Names are to the
 * second, so backups made in one minute read apart; two made in the same
 * second (which the clock allows) add their place among them, earliest
 * first ("2 of 2"), which a screen reader says better than part of an id.
 *
 * @param rows The rows of a page.
 */
export function withDistinctNames( rows: BackupRow[] ): BackupRow[] {
	return rows.map( ( row ) => {
		// Ids begin with their time: in id order, the earliest comes first.
		const same = rows
			.filter( ( other ) => other.name === row.name )
			.map( ( other ) => other.id )
			.sort();
		if ( same.length < 2 ) {
			return row;
		}
		return {
			...row,
			name: sprintf(
				/* translators: 1: date and time of a backup, to the second, 2: its place among the backups made in that second, earliest first, 3: how many were. */
				__( '%1$s (%2$d of %3$d)', 'site-backups' ),
				row.name,
				same.indexOf( row.id ) + 1,
				same.length
			),
		};
	} );
}
