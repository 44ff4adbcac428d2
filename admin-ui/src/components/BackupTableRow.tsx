import { __, sprintf } from '@wordpress/i18n';
import type { ComponentProps } from 'react';

import { BackupActions } from './BackupActions';
import { BackupStatus } from './BackupStatus';
import { LocationLabel } from './LocationLabel';
import { TypeBadge } from './TypeBadge';

/** A row takes what its actions take. */
type Props = ComponentProps< typeof BackupActions >;

/**
 * One recovery point as a row of the list (a card at narrow widths, where
 * each cell shows its column's name).
 *
 * @param props The backup (`row`) and what its actions take.
 */
export function BackupTableRow( props: Props ) {
	const { row } = props;
	return (
		<tr data-backup-id={ row.id }>
			<td data-label={ __( 'Date', 'site-backups' ) }>
				<time dateTime={ row.createdIso }>{ row.createdLabel }</time>
				<br />
				<span className="site-backups__muted">
					{ row.createdRelative }
				</span>
			</td>
			<td data-label={ __( 'Type', 'site-backups' ) }>
				<TypeBadge row={ row } />
			</td>
			<td
				className="site-backups__note"
				data-label={ __( 'Note', 'site-backups' ) }
			>
				{ row.note || '—' }
			</td>
			<td data-label={ __( 'Size', 'site-backups' ) }>
				<span className="site-backups__amount">{ row.sizeLabel }</span>
				<br />
				<span className="site-backups__muted site-backups__amount">
					{ sprintf(
						/* translators: %s: bytes newly stored. */
						__( '%s new', 'site-backups' ),
						row.storedLabel
					) }
				</span>
			</td>
			<td
				className="site-backups__status"
				data-label={ __( 'Status', 'site-backups' ) }
			>
				<BackupStatus row={ row } />
			</td>
			<td data-label={ __( 'Expires', 'site-backups' ) }>
				{ row.expiresLabel }
			</td>
			<td data-label={ __( 'Location', 'site-backups' ) }>
				<LocationLabel row={ row } />
			</td>
			<td className="site-backups__actions">
				<BackupActions { ...props } />
			</td>
		</tr>
	);
}
