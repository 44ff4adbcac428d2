import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { CheckboxControl } from './CheckboxControl';

describe( 'CheckboxControl', () => {
	it( 'is named by its label and described by its help', () => {
		render(
			<CheckboxControl
				label="Take a safety backup of Production first (recommended)"
				help="It lets you undo the restore."
				checked
				onChange={ jest.fn() }
			/>
		);
		const box = screen.getByRole( 'checkbox', {
			name: 'Take a safety backup of Production first (recommended)',
		} );
		expect( box ).toBeChecked();
		expect( box ).toHaveAccessibleDescription(
			'It lets you undo the restore.'
		);
	} );

	it( 'gives whether it is checked now to onChange, by click or by its label', async () => {
		const onChange = jest.fn();
		const user = userEvent.setup();
		const { rerender } = render(
			<CheckboxControl
				label="Database"
				checked={ false }
				onChange={ onChange }
			/>
		);
		const box = screen.getByRole( 'checkbox', { name: 'Database' } );
		expect( box ).not.toHaveAttribute( 'aria-describedby' );
		await user.click( screen.getByText( 'Database' ) );
		expect( onChange ).toHaveBeenLastCalledWith( true );

		rerender(
			<CheckboxControl label="Database" checked onChange={ onChange } />
		);
		await user.click( box );
		expect( onChange ).toHaveBeenLastCalledWith( false );
	} );
} );
