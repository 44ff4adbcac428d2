import { useInstanceId } from '@wordpress/compose';

export interface SelectOption {
	label: string;
	value: string;
}

interface Props {
	label: string;
	value: string;
	options: SelectOption[];
	onChange: ( value: string ) => void;
}

/**
 * A drop-down list under its label.
 *
 * @param props          Component props.
 * @param props.label    The list's label.
 * @param props.value    The value chosen.
 * @param props.options  What can be chosen.
 * @param props.onChange Called with the value chosen.
 */
export function SelectControl( { label, value, options, onChange }: Props ) {
	const id = useInstanceId(
		SelectControl,
		'site-backups-select-control'
	) as string;
	return (
		<div className="site-backups-control">
			<label htmlFor={ id } className="site-backups-control__label">
				{ label }
			</label>
			<select
				id={ id }
				className="site-backups-control__select"
				value={ value }
				onChange={ ( event ) => onChange( event.target.value ) }
			>
				{ options.map( ( option ) => (
					<option key={ option.value } value={ option.value }>
						{ option.label }
					</option>
				) ) }
			</select>
		</div>
	);
}
