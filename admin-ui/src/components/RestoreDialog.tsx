import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import type {
	ApiEnvironment,
	EnvironmentName,
	RestorePart,
	RestoreRequest,
} from '../api/types';
import { pageData } from '../page-data';
import type { RestoreOutcome } from '../store/job-actions';
import type { BackupRow } from '../view-models/backup-row';
import { environmentLabel } from '../view-models/environment-label';
import { formatSiteMoment } from '../view-models/format-date';
import { isSiteNameConfirmed } from '../view-models/site-name-confirm';
import { LiveSiteSwitch } from './LiveSiteSwitch';
import { ModalButtons } from './ModalButtons';
import { RestoreTarget } from './RestoreTarget';
import { SiteNameConfirm } from './SiteNameConfirm';
import { CheckboxControl, Modal, Notice } from './ui';

interface Props {
	row: BackupRow;
	source: EnvironmentName;
	environments: ApiEnvironment[];
	busyReason: string;
	onRestore: ( body: RestoreRequest ) => Promise< RestoreOutcome >;
	onClose: () => void;
}

/**
 * Asks before a backup replaces a site: says which site, to which moment,
 * what will be lost, and offers a safety backup first. Over production, it
 * says what visitors see during the switch and asks for the site's name.
 *
 * @param props              Component props.
 * @param props.row          The backup to restore.
 * @param props.source       The environment the backup is of.
 * @param props.environments Every environment, configured or not.
 * @param props.busyReason   Why a restore cannot start now ('' when it can).
 * @param props.onRestore    Starts the restore.
 * @param props.onClose      Closes the dialog.
 */
export function RestoreDialog( {
	row,
	source,
	environments,
	busyReason,
	onRestore,
	onClose,
}: Props ) {
	const available = environments
		.filter( ( item ) => item.configured )
		.map( ( item ) => item.name );
	const [ target, setTarget ] = useState< EnvironmentName >(
		available.includes( source ) || available.length === 0
			? source
			: ( available[ 0 ] as EnvironmentName )
	);
	const [ parts, setParts ] = useState< Record< RestorePart, boolean > >( {
		database: true,
		files: true,
	} );
	const [ safetyBackup, setSafetyBackup ] = useState( true );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState( '' );
	const [ typedName, setTypedName ] = useState( '' );
	const { siteName } = pageData();

	const chosen = ( [ 'database', 'files' ] as RestorePart[] ).filter(
		( part ) => parts[ part ]
	);
	const targetLabel = environmentLabel( target );
	const when = formatSiteMoment( row.createdIso );
	const overLiveSite = target === 'production';
	let blocked = busyReason;
	if ( ! blocked && chosen.length === 0 ) {
		blocked = __(
			'Choose the database, the files or both.',
			'site-backups'
		);
	}
	if (
		! blocked &&
		overLiveSite &&
		! isSiteNameConfirmed( siteName, typedName )
	) {
		blocked = __(
			"Type the site's name above to confirm.",
			'site-backups'
		);
	}

	const submit = async () => {
		setBusy( true );
		setError( '' );
		const outcome = await onRestore( {
			environment: target,
			parts: chosen,
			safety_backup: safetyBackup,
		} );
		if ( outcome.status === 'invalid' ) {
			setError( outcome.message );
			setBusy( false );
			return;
		}
		onClose();
	};

	return (
		<Modal
			title={
				target === source
					? sprintf(
							/* translators: 1: environment name, such as Production, 2: date and time of the backup. */
							__(
								'Restore %1$s to how it was on %2$s?',
								'site-backups'
							),
							targetLabel,
							when
						)
					: sprintf(
							/* translators: 1: environment restored into, 2: environment the backup is of, 3: date and time of the backup. */
							__(
								'Restore %1$s to how %2$s was on %3$s?',
								'site-backups'
							),
							targetLabel,
							environmentLabel( source ),
							when
						)
			}
			onRequestClose={ onClose }
			size="medium"
		>
			{ available.length > 1 && (
				<RestoreTarget
					source={ source }
					target={ target }
					environments={ environments }
					onChange={ setTarget }
				/>
			) }
			{ row.offsiteOnly && (
				<p>
					{ __(
						'This backup is kept only in off-site storage: it is fetched from there first, which can take a while.',
						'site-backups'
					) }
				</p>
			) }
			<fieldset className="site-backups__restore-parts">
				<legend>{ __( 'What to restore', 'site-backups' ) }</legend>
				<CheckboxControl
					label={ __( 'Database', 'site-backups' ) }
					checked={ parts.database }
					onChange={ ( database ) =>
						setParts( { ...parts, database } )
					}
				/>
				<CheckboxControl
					label={ __( 'Files', 'site-backups' ) }
					checked={ parts.files }
					onChange={ ( files ) => setParts( { ...parts, files } ) }
				/>
			</fieldset>
			{ chosen.length > 0 && (
				<Notice status="warning" isDismissible={ false }>
					<p>
						{ target === source
							? sprintf(
									/* translators: 1: environment name, such as Production, 2: date and time of the backup. */
									__(
										'Changes made to %1$s after %2$s will be lost:',
										'site-backups'
									),
									targetLabel,
									when
								)
							: sprintf(
									/* translators: %s: environment name, such as Staging. */
									__(
										'What %s holds now will be replaced:',
										'site-backups'
									),
									targetLabel
								) }
					</p>
					<ul className="site-backups__restore-losses">
						{ parts.database && (
							<li>
								{ __(
									'Database: posts, pages, comments, users, settings and orders.',
									'site-backups'
								) }
							</li>
						) }
						{ parts.files && (
							<li>
								{ __(
									'Files: uploads, plugins and themes.',
									'site-backups'
								) }
							</li>
						) }
					</ul>
					{ parts.database &&
						target === pageData().currentEnvironment && (
							<p>
								{ __(
									'You may have to log in again afterwards.',
									'site-backups'
								) }
							</p>
						) }
				</Notice>
			) }
			<CheckboxControl
				label={ sprintf(
					/* translators: %s: environment name, such as Production. */
					__(
						'Take a safety backup of %s first (recommended)',
						'site-backups'
					),
					targetLabel
				) }
				help={ __(
					'It lets you undo the restore by restoring the safety backup.',
					'site-backups'
				) }
				checked={ safetyBackup }
				onChange={ setSafetyBackup }
			/>
			{ overLiveSite && chosen.length > 0 && (
				<>
					<LiveSiteSwitch
						database={ parts.database }
						safetyBackup={ safetyBackup }
					/>
					<SiteNameConfirm
						siteName={ siteName }
						value={ typedName }
						onChange={ setTypedName }
					/>
				</>
			) }
			{ error && (
				<p className="site-backups__error" role="alert">
					{ error }
				</p>
			) }
			<ModalButtons
				cancelLabel={ __( 'Cancel', 'site-backups' ) }
				onCancel={ onClose }
				confirmLabel={ sprintf(
					/* translators: %s: environment name, such as Production. */
					__( 'Restore %s', 'site-backups' ),
					targetLabel
				) }
				onConfirm={ submit }
				busy={ busy }
				destructive
				blocked={ blocked }
				blockedId="site-backups-restore-blocked"
			/>
		</Modal>
	);
}
