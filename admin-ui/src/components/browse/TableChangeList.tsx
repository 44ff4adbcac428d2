import { __ } from '@wordpress/i18n';

import type { ApiTableChange } from '../../api/browse';
import type { CursorList } from '../../hooks/use-cursor-list';
import { toTableChangeRow } from '../../view-models/compare-change';
import { ChangeTable } from './ChangeTable';
import { ShowMore } from './ShowMore';

interface Props {
	list: CursorList< ApiTableChange >;
}

/**
 * The tables added, changed and removed, with how many of their key ranges
 * differ, how many rows more or fewer they hold, and their sizes before and
 * after.
 *
 * @param props      Component props.
 * @param props.list The changes loaded so far.
 */
export function TableChangeList( { list }: Props ) {
	const rows = list.items.map( toTableChangeRow );
	return (
		<>
			<h3>{ __( 'Tables', 'site-backups' ) }</h3>
			{ rows.length > 0 && (
				<ChangeTable
					label={ __( 'Tables that changed', 'site-backups' ) }
					columns={ [
						__( 'Table', 'site-backups' ),
						__( 'Change', 'site-backups' ),
						/* translators: Column heading: which key ranges differ, how many rows more or fewer, and whether the structure changed. */
						__( 'Difference', 'site-backups' ),
						__( 'Size before', 'site-backups' ),
						__( 'Size after', 'site-backups' ),
					] }
				>
					{ rows.map( ( row ) => (
						<tr key={ row.name }>
							<td>
								<code>{ row.name }</code>
							</td>
							<td>{ row.kindLabel }</td>
							<td>{ row.detail }</td>
							<td className="site-backups__amount">
								{ row.sizeBefore }
							</td>
							<td className="site-backups__amount">
								{ row.sizeAfter }
							</td>
						</tr>
					) ) }
				</ChangeTable>
			) }
			{ list.status === 'ready' && rows.length === 0 && (
				<p>{ __( 'No table changed.', 'site-backups' ) }</p>
			) }
			<ShowMore list={ list } />
		</>
	);
}
