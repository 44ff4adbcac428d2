import { useInstanceId } from '@wordpress/compose';
import type { ReactNode } from 'react';

interface Props {
	label: string;
	/** A line under it, read as its description. */
	help?: ReactNode;
	checked: boolean;
	onChange: ( checked: boolean ) => void;
}

/**
 * A checkbox with its label beside it, and an optional line of help that
 * screen readers read as its description.
 *
 * @param props          Component props.
 * @param props.label    The checkbox's label.
 * @param props.help     A line of help under it.
 * @param props.checked  Whether it is checked.
 * @param props.onChange Called with whether it is checked now.
 */
export function CheckboxControl( { label, help, checked, onChange }: Props ) {
	const id = useInstanceId(
		CheckboxControl,
		'site-backups-checkbox-control'
	) as string;
	const helpId = `${ id }__help`;
	return (
		<div className="site-backups-checkbox">
			<input
				id={ id }
				type="checkbox"
				className="site-backups-checkbox__input"
				checked={ checked }
				onChange={ ( event ) => onChange( event.target.checked ) }
				aria-describedby={ help ? helpId : undefined }
			/>
			<label htmlFor={ id } className="site-backups-checkbox__label">
				{ label }
			</label>
			{ help && (
				<p id={ helpId } className="description">
					{ help }
				</p>
			) }
		</div>
	);
}
