import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

import type { EnvironmentName } from '../../api/types';
import { pageData } from '../../page-data';
import type { RestoreOutcome } from '../../store/job-actions';
import { environmentLabel } from '../../view-models/environment-label';
import { formatSiteMoment } from '../../view-models/format-date';
import { isSiteNameConfirmed } from '../../view-models/site-name-confirm';
import { ModalButtons } from '../ModalButtons';
import { SiteNameConfirm } from '../SiteNameConfirm';
import { Modal, Notice } from '../ui';

/** What is restored: one file, one folder, or some tables. */
export type RestoreSelection =
	| { kind: 'file' | 'folder'; path: string }
	| { kind: 'tables'; names: string[] };

interface Props {
	selection: RestoreSelection;
	/** The environment the backup is of, and so restored into. */
	environment: EnvironmentName;
	/** When the backup was made (ISO 8601). */
	createdIso: string;
	/** Why a restore cannot start now; '' when it can. */
	busyReason: string;
	onConfirm: () => Promise< RestoreOutcome >;
	/** After the restore started: its progress shows on the screen. */
	onStarted: () => void;
	onClose: () => void;
}

function title( selection: RestoreSelection, when: string ): string {
	if ( selection.kind === 'tables' ) {
		return sprintf(
			/* translators: 1: number of tables, 2: date and time of the backup. */
			_n(
				'Restore %1$d table to how it was on %2$s?',
				'Restore %1$d tables to how they were on %2$s?',
				selection.names.length,
				'site-backups'
			),
			selection.names.length,
			when
		);
	}
	return sprintf(
		/* translators: 1: a file or folder of the site, 2: date and time of the backup. */
		__( 'Restore %1$s to how it was on %2$s?', 'site-backups' ),
		selection.path,
		when
	);
}

function replaced( selection: RestoreSelection, target: string ): string {
	switch ( selection.kind ) {
		case 'file':
			return sprintf(
				/* translators: 1: a file of the site, 2: environment name, such as Production. */
				__(
					'The file %1$s of %2$s will be replaced by its copy in this backup; if it no longer exists, it is put back.',
					'site-backups'
				),
				selection.path,
				target
			);
		case 'folder':
			return sprintf(
				/* translators: 1: a folder of the site, 2: environment name, such as Production. */
				__(
					'What the folder %1$s of %2$s holds now will be replaced by what this backup holds of it. Changes made in it since will be lost.',
					'site-backups'
				),
				selection.path,
				target
			);
		default:
			return sprintf(
				/* translators: %s: environment name, such as Production. */
				_n(
					'This table of %s will be replaced by its copy in this backup; rows added or changed since will be lost:',
					'These tables of %s will be replaced by their copies in this backup; rows added or changed since will be lost:',
					selection.names.length,
					'site-backups'
				),
				target
			);
	}
}

function confirmLabel( selection: RestoreSelection ): string {
	switch ( selection.kind ) {
		case 'file':
			return __( 'Restore this file', 'site-backups' );
		case 'folder':
			return __( 'Restore this folder', 'site-backups' );
		default:
			return _n(
				'Restore this table',
				'Restore these tables',
				selection.names.length,
				'site-backups'
			);
	}
}

/**
 * Asks before part of a backup replaces part of a site: says what will be
 * replaced, and that a safety backup is taken first; into production, asks
 * for the site's name too.
 *
 * @param props             Component props.
 * @param props.selection   What is restored.
 * @param props.environment The environment restored into.
 * @param props.createdIso  When the backup was made.
 * @param props.busyReason  Why a restore cannot start now.
 * @param props.onConfirm   Starts the restore.
 * @param props.onStarted   Called once it has started.
 * @param props.onClose     Closes the dialog.
 */
export function RestoreSelectionConfirm( {
	selection,
	environment,
	createdIso,
	busyReason,
	onConfirm,
	onStarted,
	onClose,
}: Props ) {
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState( '' );
	const [ typed, setTyped ] = useState( '' );
	const { siteName } = pageData();
	const target = environmentLabel( environment );
	const live = environment === 'production';

	let blocked = busyReason;
	if ( ! blocked && live && ! isSiteNameConfirmed( siteName, typed ) ) {
		blocked = __(
			"Type the site's name to confirm the restore.",
			'site-backups'
		);
	}

	const submit = async () => {
		setBusy( true );
		setError( '' );
		const outcome = await onConfirm();
		if ( outcome.status === 'started' ) {
			onStarted();
			return;
		}
		setBusy( false );
		if ( outcome.status === 'invalid' ) {
			setError( outcome.message );
		} else {
			onClose();
		}
	};

	return (
		<Modal
			title={ title( selection, formatSiteMoment( createdIso ) ) }
			onRequestClose={ onClose }
			size="medium"
		>
			<Notice status="warning" isDismissible={ false }>
				<p>{ replaced( selection, target ) }</p>
				{ selection.kind === 'tables' && (
					<ul className="site-backups__restore-losses">
						{ selection.names.map( ( name ) => (
							<li key={ name }>
								<code>{ name }</code>
							</li>
						) ) }
					</ul>
				) }
			</Notice>
			<p>
				{ sprintf(
					/* translators: %s: environment name, such as Production. */
					__(
						'A safety backup of what is replaced in %s is taken first: restoring it undoes this.',
						'site-backups'
					),
					target
				) }
			</p>
			{ live && (
				<SiteNameConfirm
					siteName={ siteName }
					value={ typed }
					onChange={ setTyped }
				/>
			) }
			{ error && (
				<p className="site-backups__error" role="alert">
					{ error }
				</p>
			) }
			<ModalButtons
				cancelLabel={ __( 'Cancel', 'site-backups' ) }
				onCancel={ onClose }
				confirmLabel={ confirmLabel( selection ) }
				onConfirm={ submit }
				busy={ busy }
				destructive
				blocked={ blocked }
				blockedId="site-backups-restore-selection-blocked"
			/>
		</Modal>
	);
}
