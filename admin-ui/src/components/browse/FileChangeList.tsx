import { __ } from '@wordpress/i18n';

import type { ApiFileChange } from '../../api/browse';
import type { CursorList } from '../../hooks/use-cursor-list';
import { toFileChangeRow } from '../../view-models/compare-change';
import { ChangeTable } from './ChangeTable';
import { ShowMore } from './ShowMore';

interface Props {
	list: CursorList< ApiFileChange >;
}

/**
 * The files added, changed and removed, a page at a time, with their sizes
 * and times before and after; a PHP file new in uploads is marked.
 *
 * @param props      Component props.
 * @param props.list The changes loaded so far.
 */
export function FileChangeList( { list }: Props ) {
	const rows = list.items.map( toFileChangeRow );
	return (
		<>
			<h3>{ __( 'Files', 'site-backups' ) }</h3>
			{ rows.length > 0 && (
				<ChangeTable
					label={ __( 'Files that changed', 'site-backups' ) }
					columns={ [
						__( 'File', 'site-backups' ),
						__( 'Change', 'site-backups' ),
						__( 'Size before', 'site-backups' ),
						__( 'Size after', 'site-backups' ),
						__( 'Modified before', 'site-backups' ),
						__( 'Modified after', 'site-backups' ),
					] }
				>
					{ rows.map( ( row ) => (
						<tr
							key={ row.key }
							className={ row.flagged ? 'is-flagged' : undefined }
						>
							<td>
								<code>{ row.path }</code>
								{ row.flagged && (
									<strong className="site-backups__flag">
										{ __(
											'PHP file in uploads',
											'site-backups'
										) }
									</strong>
								) }
							</td>
							<td>{ row.kindLabel }</td>
							<td className="site-backups__amount">
								{ row.sizeBefore }
							</td>
							<td className="site-backups__amount">
								{ row.sizeAfter }
							</td>
							<td>{ row.timeBefore }</td>
							<td>{ row.timeAfter }</td>
						</tr>
					) ) }
				</ChangeTable>
			) }
			{ list.status === 'ready' && rows.length === 0 && (
				<p>{ __( 'No file changed.', 'site-backups' ) }</p>
			) }
			<ShowMore list={ list } />
		</>
	);
}
