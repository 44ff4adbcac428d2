import type { ReactNode } from 'react';

interface Props {
	/** Names the scrolling region for screen readers. */
	label: string;
	/** The column headings, in order. */
	columns: string[];
	/** The table's rows. */
	children: ReactNode;
}

/**
 * A table of changes that scrolls sideways on small screens, as a region
 * reachable by keyboard.
 *
 * @param props          Component props.
 * @param props.label    The region's accessible name.
 * @param props.columns  The column headings.
 * @param props.children The rows.
 */
export function ChangeTable( { label, columns, children }: Props ) {
	return (
		<div
			className="site-backups__scroll"
			role="region"
			aria-label={ label }
			// Scrollable on small screens: it must be reachable by keyboard.
			tabIndex={ 0 }
		>
			<table className="widefat striped site-backups__changes">
				<thead>
					<tr>
						{ columns.map( ( column ) => (
							<th scope="col" key={ column }>
								{ column }
							</th>
						) ) }
					</tr>
				</thead>
				<tbody>{ children }</tbody>
			</table>
		</div>
	);
}
