import { __ } from '@wordpress/i18n';

interface Props {
	/** Whether the database is restored (its tables are swapped). */
	database: boolean;
	/** Whether a safety backup is taken first. */
	safetyBackup: boolean;
}

/**
 * What happens to the live site while a restore switches it over, and the
 * way back.
 *
 * @param props              Component props.
 * @param props.database     Whether the database is restored.
 * @param props.safetyBackup Whether a safety backup is taken first.
 */
export function LiveSiteSwitch( { database, safetyBackup }: Props ) {
	return (
		<div className="site-backups__live-switch">
			<p>
				{ __( 'What visitors of the live site see:', 'site-backups' ) }
			</p>
			<ul>
				<li>
					{ __(
						'The site stays online: the restored copy is prepared beside it, then switched in.',
						'site-backups'
					) }
				</li>
				{ database && (
					<li>
						{ __(
							'During the switch, visitors may see the old site for a few seconds while the database tables are swapped.',
							'site-backups'
						) }
					</li>
				) }
				{ database && (
					<li>
						{ __(
							'Your own login is kept when your account is in the backup; other people may have to log in again.',
							'site-backups'
						) }
					</li>
				) }
				<li>
					{ safetyBackup
						? __(
								'A safety backup of the live site is taken first: restoring it is the way back.',
								'site-backups'
							)
						: __(
								'Without a safety backup, there is no way back to the site as it is now.',
								'site-backups'
							) }
				</li>
			</ul>
		</div>
	);
}
