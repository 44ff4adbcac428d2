import { useInstanceId } from '@wordpress/compose';

export interface RadioOption {
	label: string;
	value: string;
}

interface Props {
	/** What is chosen: the group's legend. */
	label: string;
	selected: string;
	options: RadioOption[];
	onChange: ( value: string ) => void;
}

/**
 * A choice of one among a few, each a radio button with its label, in a
 * group named by its legend.
 *
 * @param props          Component props.
 * @param props.label    What is chosen.
 * @param props.selected The value chosen.
 * @param props.options  What can be chosen.
 * @param props.onChange Called with the value chosen.
 */
export function RadioControl( { label, selected, options, onChange }: Props ) {
	const id = useInstanceId(
		RadioControl,
		'site-backups-radio-control'
	) as string;
	return (
		<fieldset className="site-backups-radio">
			<legend className="site-backups-control__label">{ label }</legend>
			{ options.map( ( option, index ) => (
				<div
					key={ option.value }
					className="site-backups-radio__option"
				>
					<input
						id={ `${ id }-${ index }` }
						type="radio"
						name={ id }
						value={ option.value }
						checked={ option.value === selected }
						onChange={ () => onChange( option.value ) }
					/>
					<label htmlFor={ `${ id }-${ index }` }>
						{ option.label }
					</label>
				</div>
			) ) }
		</fieldset>
	);
}
