import { useInstanceId } from '@wordpress/compose';
import type { InputHTMLAttributes, ReactNode } from 'react';

import { classNames } from './class-names';

interface Props extends Omit<
	InputHTMLAttributes< HTMLInputElement >,
	'onChange' | 'value' | 'type' | 'id'
> {
	label: string;
	/** A line under the field, read as its description. */
	help?: ReactNode;
	value: string;
	onChange: ( value: string ) => void;
	type?: 'text' | 'url' | 'password' | 'number';
}

/**
 * A text field under its label, with an optional line of help that screen
 * readers read as its description.
 *
 * @param props           Component props, and the input's own attributes.
 * @param props.label     The field's label.
 * @param props.help      A line of help under it.
 * @param props.value     What it holds.
 * @param props.onChange  Called with what is typed.
 * @param props.type      The input's type.
 * @param props.className Extra class names for the field with its label.
 */
export function TextControl( {
	label,
	help,
	value,
	onChange,
	type = 'text',
	className,
	...rest
}: Props ) {
	const id = useInstanceId(
		TextControl,
		'site-backups-text-control'
	) as string;
	const helpId = `${ id }__help`;
	return (
		<div className={ classNames( 'site-backups-control', className ) }>
			<label htmlFor={ id } className="site-backups-control__label">
				{ label }
			</label>
			<input
				{ ...rest }
				id={ id }
				type={ type }
				className="site-backups-control__input"
				value={ value }
				onChange={ ( event ) => onChange( event.target.value ) }
				aria-describedby={ help ? helpId : undefined }
			/>
			{ help && (
				<p id={ helpId } className="description">
					{ help }
				</p>
			) }
		</div>
	);
}
