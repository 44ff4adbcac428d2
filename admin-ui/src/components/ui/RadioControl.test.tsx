import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { RadioControl } from './RadioControl';

const OPTIONS = [
	{ label: 'Production', value: 'production' },
	{ label: 'Staging', value: 'staging' },
];

describe( 'RadioControl', () => {
	it( 'is a group named by its legend, each choice by its label', () => {
		render(
			<RadioControl
				label="Restore into"
				selected="staging"
				options={ OPTIONS }
				onChange={ jest.fn() }
			/>
		);
		const group = screen.getByRole( 'group', { name: 'Restore into' } );
		expect(
			within( group ).getByRole( 'radio', { name: 'Production' } )
		).not.toBeChecked();
		expect(
			within( group ).getByRole( 'radio', { name: 'Staging' } )
		).toBeChecked();
	} );

	it( 'gives the value chosen to onChange', async () => {
		const onChange = jest.fn();
		const user = userEvent.setup();
		render(
			<RadioControl
				label="Restore into"
				selected="production"
				options={ OPTIONS }
				onChange={ onChange }
			/>
		);
		await user.click( screen.getByText( 'Staging' ) );
		expect( onChange ).toHaveBeenCalledWith( 'staging' );
	} );

	it( 'keeps the choices of two groups apart', () => {
		render(
			<>
				<RadioControl
					label="First"
					selected="production"
					options={ OPTIONS }
					onChange={ jest.fn() }
				/>
				<RadioControl
					label="Second"
					selected="staging"
					options={ OPTIONS }
					onChange={ jest.fn() }
				/>
			</>
		);
		const first = screen.getByRole( 'group', { name: 'First' } );
		const second = screen.getByRole( 'group', { name: 'Second' } );
		expect(
			within( first ).getByRole( 'radio', { name: 'Production' } )
		).toBeChecked();
		expect(
			within( second ).getByRole( 'radio', { name: 'Staging' } )
		).toBeChecked();
	} );
} );
