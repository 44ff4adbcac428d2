import { __ } from '@wordpress/i18n';

import type { ApiFileChange } from '../../api/browse';
import type { CursorList } from '../../hooks/use-cursor-list';
import { toFileChangeRow } from '../../view-models/compare-change';
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
				<div
					className="site-backups__scroll"
					role="region"
					aria-label={ __( 'Files that changed', 'site-backups' ) }
					// Scrollable on small screens: it must be reachable by keyboard.

					tabIndex={ 0 }
				>
					<table className="widefat striped site-backups__changes">
						<thead>
							<tr>
								<th scope="col">
									{ __( 'File', 'site-backups' ) }
								</th>
								<th scope="col">
									{ __( 'Change', 'site-backups' ) }
								</th>
								<th scope="col">
									{ __( 'Size before', 'site-backups' ) }
								</th>
								<th scope="col">
									{ __( 'Size after', 'site-backups' ) }
								</th>
								<th scope="col">
									{ __( 'Modified before', 'site-backups' ) }
								</th>
								<th scope="col">
									{ __( 'Modified after', 'site-backups' ) }
								</th>
							</tr>
						</thead>
						<tbody>
							{ rows.map( ( row ) => (
								<tr
									key={ row.key }
									className={
										row.flagged ? 'is-flagged' : undefined
									}
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
						</tbody>
					</table>
				</div>
			) }
			{ list.status === 'ready' && rows.length === 0 && (
				<p>{ __( 'No file changed.', 'site-backups' ) }</p>
			) }
			<ShowMore list={ list } />
		</>
	);
}
