import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { SelectControl } from './SelectControl';

const OPTIONS = [
	{ label: 'All types', value: '' },
	{ label: 'Manual', value: 'manual' },
	{ label: 'Safety', value: 'safety' },
];

describe( 'SelectControl', () => {
	it( 'is named by its label and shows the value chosen', () => {
		render(
			<SelectControl
				label="Type"
				value="manual"
				options={ OPTIONS }
				onChange={ jest.fn() }
			/>
		);
		const select = screen.getByRole( 'combobox', { name: 'Type' } );
		expect( select ).toHaveValue( 'manual' );
		expect( screen.getByText( 'Type' ) ).toHaveAttribute(
			'for',
			select.id
		);
		expect(
			screen
				.getAllByRole( 'option' )
				.map( ( option ) => option.textContent )
		).toEqual( [ 'All types', 'Manual', 'Safety' ] );
	} );

	it( 'gives the value chosen to onChange', async () => {
		const onChange = jest.fn();
		const user = userEvent.setup();
		render(
			<SelectControl
				label="Type"
				value=""
				options={ OPTIONS }
				onChange={ onChange }
			/>
		);
		await user.selectOptions(
			screen.getByRole( 'combobox', { name: 'Type' } ),
			'Safety'
		);
		expect( onChange ).toHaveBeenCalledWith( 'safety' );
	} );
} );
