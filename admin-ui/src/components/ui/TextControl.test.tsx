import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from '@wordpress/element';

import { TextControl } from './TextControl';

function Field( { onChange }: { onChange: ( value: string ) => void } ) {
	const [ value, setValue ] = useState( '' );
	return (
		<TextControl
			label="Bucket"
			help="Where the copies go."
			value={ value }
			onChange={ ( next ) => {
				setValue( next );
				onChange( next );
			} }
			required
			maxLength={ 20 }
		/>
	);
}

describe( 'TextControl', () => {
	it( 'is named by its label and described by its help', () => {
		render( <Field onChange={ jest.fn() } /> );
		const input = screen.getByRole( 'textbox', { name: 'Bucket' } );
		expect( input ).toHaveAccessibleDescription( 'Where the copies go.' );
		expect( input ).toBeRequired();
		expect( input ).toHaveAttribute( 'maxlength', '20' );
		const label = screen.getByText( 'Bucket' );
		expect( label.tagName ).toBe( 'LABEL' );
		expect( label ).toHaveAttribute( 'for', input.id );
	} );

	it( 'gives what is typed to onChange', async () => {
		const onChange = jest.fn();
		const user = userEvent.setup();
		render( <Field onChange={ onChange } /> );
		const input = screen.getByRole( 'textbox', { name: 'Bucket' } );
		await user.type( input, 'shop' );
		expect( onChange ).toHaveBeenLastCalledWith( 'shop' );
		expect( onChange ).toHaveBeenCalledTimes( 4 );
		expect( input ).toHaveValue( 'shop' );
	} );

	it( 'has no description without help, and an id of its own', () => {
		render(
			<>
				<TextControl label="Region" value="" onChange={ jest.fn() } />
				<TextControl label="Prefix" value="" onChange={ jest.fn() } />
			</>
		);
		const region = screen.getByRole( 'textbox', { name: 'Region' } );
		const prefix = screen.getByRole( 'textbox', { name: 'Prefix' } );
		expect( region ).not.toHaveAttribute( 'aria-describedby' );
		expect( region.id ).not.toBe( prefix.id );
	} );

	it( 'passes its type, and cannot be typed in when disabled', async () => {
		const onChange = jest.fn();
		const user = userEvent.setup();
		render(
			<TextControl
				label="Keep local copies for (days, optional)"
				type="number"
				min={ 1 }
				value=""
				onChange={ onChange }
				disabled
			/>
		);
		const input = screen.getByRole( 'spinbutton', {
			name: 'Keep local copies for (days, optional)',
		} );
		expect( input ).toHaveAttribute( 'min', '1' );
		expect( input ).toBeDisabled();
		await user.type( input, '7' );
		expect( onChange ).not.toHaveBeenCalled();
	} );
} );
