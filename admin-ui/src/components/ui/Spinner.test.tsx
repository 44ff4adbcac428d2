import { render, screen } from '@testing-library/react';

import { Spinner } from './Spinner';

describe( 'Spinner', () => {
	it( 'is WordPress admin’s spinner, hidden from screen readers', () => {
		const { container } = render( <Spinner /> );
		const spinner = container.querySelector( '.spinner' );
		expect( spinner ).toHaveClass( 'is-active' );
		expect( spinner ).toHaveAttribute( 'aria-hidden', 'true' );
		expect( container ).toHaveTextContent( '' );
	} );

	it( 'says what loads when told', () => {
		render( <Spinner label="Loading…" /> );
		expect( screen.getByText( 'Loading…' ) ).toHaveClass(
			'screen-reader-text'
		);
	} );
} );
