/**
 * Thunks that save or turn off an administrator's off-site copies. The
 * secrets travel from the dialog to the request only: nothing here records
 * them in the store.
 */
import { __ } from '@wordpress/i18n';

import { toApiError, type ApiError } from '../api/client';
import {
	saveOffsiteSettings as apiSaveOffsiteSettings,
	turnOffOffsite as apiTurnOffOffsite,
} from '../api/settings';
import { setRecoveryKey as apiSetRecoveryKey } from '../api/recovery-key';
import type { OffsiteRequest } from '../api/types';
import { reloadBackupPages, reloadSettings, reloadStatus } from './reloads';
import { notice, type Thunk, type ThunkArgs } from './thunk';

/**
 * How a change went: done, refused with a message the dialog shows (the
 * bucket cannot be reached, a key is wrong…), or refused because the host
 * has set the copies up meanwhile (a notice says so; the dialog closes).
 */
export type OffsiteOutcome =
	| { status: 'done' }
	| { status: 'refused'; message: string }
	| { status: 'set_by_host' };

const NOTICE_ID = 'site-backups-offsite';

async function refused(
	error: ApiError,
	{ dispatch, registry }: Pick< ThunkArgs, 'dispatch' | 'registry' >
): Promise< OffsiteOutcome > {
	if ( error.code !== 'site_backups_offsite_set_by_host' ) {
		return { status: 'refused', message: error.message };
	}
	// The screen then shows the host's settings instead of the form.
	await Promise.all( [
		dispatch( reloadSettings() ),
		dispatch( reloadStatus() ),
	] );
	notice( registry ).createErrorNotice( error.message, { id: NOTICE_ID } );
	return { status: 'set_by_host' };
}

/**
 * Saves off-site settings; the server first connects to the bucket. A
 * recovery key typed (a new server) is set first, so the copy that saving
 * starts signs with it; the lists are read again, now verified with it.
 *
 * @param body        The settings, secrets included.
 * @param recoveryKey Another server's recovery key; '' keeps this one's.
 */
export const saveOffsiteSettings =
	( body: OffsiteRequest, recoveryKey: string = '' ): Thunk =>
	async ( args ): Promise< OffsiteOutcome > => {
		try {
			if ( recoveryKey !== '' ) {
				await apiSetRecoveryKey( recoveryKey );
			}
			await apiSaveOffsiteSettings( body );
		} catch ( error ) {
			return refused( toApiError( error ), args );
		}
		await Promise.all( [
			args.dispatch( reloadSettings() ),
			args.dispatch( reloadStatus() ),
		] );
		if ( recoveryKey !== '' ) {
			// Which backups are verified changed with the key.
			await args.dispatch( reloadBackupPages() );
		}
		notice( args.registry ).createSuccessNotice(
			recoveryKey !== ''
				? __(
						'The recovery key and the off-site settings were saved.',
						'site-backups'
					)
				: __( 'The off-site settings were saved.', 'site-backups' ),
			{ id: NOTICE_ID, type: 'snackbar' }
		);
		return { status: 'done' };
	};

/**
 * Stops copying backups off-site; the copies in the bucket stay.
 */
export const turnOffOffsite =
	(): Thunk =>
	async ( args ): Promise< OffsiteOutcome > => {
		try {
			await apiTurnOffOffsite();
		} catch ( error ) {
			return refused( toApiError( error ), args );
		}
		await Promise.all( [
			args.dispatch( reloadSettings() ),
			args.dispatch( reloadStatus() ),
		] );
		notice( args.registry ).createSuccessNotice(
			__(
				'Off-site copies are turned off. The copies already in the bucket were kept.',
				'site-backups'
			),
			{ id: NOTICE_ID, type: 'snackbar' }
		);
		return { status: 'done' };
	};
