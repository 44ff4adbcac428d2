import { useDispatch, useSelect } from '@wordpress/data';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { pageData } from '../page-data';
import { store } from '../store';
import type { RestoreOutcome } from '../store/job-actions';
import type { UndoRequest } from '../store/types';
import { environmentLabel } from '../view-models/environment-label';
import { formatSiteMoment } from '../view-models/format-date';
import { isSiteNameConfirmed } from '../view-models/site-name-confirm';
import { ModalButtons } from './ModalButtons';
import { SiteNameConfirm } from './SiteNameConfirm';
import { Modal } from './ui';

interface Props {
	request: UndoRequest;
}

/**
 * Asks before undoing a restore by restoring the safety backup it took;
 * over production, with the site's name typed.
 *
 * @param props         Component props.
 * @param props.request What to undo.
 */
export function UndoRestoreDialog( { request }: Props ) {
	const actions = useDispatch( store );
	const safety = useSelect(
		( select ) => select( store ).findBackup( request.safetyBackupId ),
		[ request.safetyBackupId ]
	);
	const [ typedName, setTypedName ] = useState( '' );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState( '' );
	const target = environmentLabel( request.environment );
	const overLiveSite = request.environment === 'production';
	const { siteName } = pageData();
	const close = () => actions.requestUndo( null );

	const confirm = async () => {
		setBusy( true );
		setError( '' );
		const outcome = ( await actions.undoRestore(
			request
		) ) as RestoreOutcome;
		if ( outcome.status === 'invalid' ) {
			setError( outcome.message );
			setBusy( false );
		}
	};

	return (
		<Modal
			title={ __( 'Undo the restore?', 'site-backups' ) }
			onRequestClose={ close }
			size="medium"
		>
			<p>
				{ safety
					? sprintf(
							/* translators: 1: environment name, such as Production, 2: date and time of the safety backup. */
							__(
								'%1$s goes back to how it was just before the restore, from the safety backup of %2$s.',
								'site-backups'
							),
							target,
							formatSiteMoment( safety.created )
						)
					: sprintf(
							/* translators: %s: environment name, such as Production. */
							__(
								'%s goes back to how it was just before the restore, from the safety backup taken then.',
								'site-backups'
							),
							target
						) }{ ' ' }
				{ __(
					'Changes made since the restore will be lost. The backup you restored is kept: restoring it again redoes the restore.',
					'site-backups'
				) }
			</p>
			{ overLiveSite && (
				<SiteNameConfirm
					siteName={ siteName }
					value={ typedName }
					onChange={ setTypedName }
				/>
			) }
			{ error && (
				<p className="site-backups__error" role="alert">
					{ error }
				</p>
			) }
			<ModalButtons
				cancelLabel={ __( 'Keep the restore', 'site-backups' ) }
				onCancel={ close }
				confirmLabel={ __( 'Undo the restore', 'site-backups' ) }
				onConfirm={ confirm }
				busy={ busy }
				destructive
				blocked={
					overLiveSite && ! isSiteNameConfirmed( siteName, typedName )
						? __(
								"Type the site's name above to confirm.",
								'site-backups'
							)
						: ''
				}
				blockedId="site-backups-undo-blocked"
			/>
		</Modal>
	);
}
