import { render, screen } from '@testing-library/react';

import { ProgressBar } from './ProgressBar';

describe( 'ProgressBar', () => {
	it( 'says how much is done, by name', () => {
		render( <ProgressBar value={ 45 } aria-label="Backup progress" /> );
		const bar = screen.getByRole( 'progressbar', {
			name: 'Backup progress',
		} );
		expect( bar ).toHaveAttribute( 'aria-valuenow', '45' );
		expect( bar ).toHaveAttribute( 'aria-valuemin', '0' );
		expect( bar ).toHaveAttribute( 'aria-valuemax', '100' );
		expect(
			bar.querySelector( '.site-backups-progress-bar__indicator' )
		).toHaveStyle( { width: '45%' } );
	} );

	it( 'says no amount while none is known', () => {
		render( <ProgressBar aria-label="Restore progress" /> );
		const bar = screen.getByRole( 'progressbar', {
			name: 'Restore progress',
		} );
		expect( bar ).not.toHaveAttribute( 'aria-valuenow' );
		expect( bar ).toHaveClass( 'is-indeterminate' );
	} );

	it( 'keeps the amount between 0 and 100', () => {
		const { rerender } = render(
			<ProgressBar value={ 130 } aria-label="Fetch progress" />
		);
		expect( screen.getByRole( 'progressbar' ) ).toHaveAttribute(
			'aria-valuenow',
			'100'
		);
		rerender( <ProgressBar value={ -5 } aria-label="Fetch progress" /> );
		expect( screen.getByRole( 'progressbar' ) ).toHaveAttribute(
			'aria-valuenow',
			'0'
		);
	} );

	it( 'keeps the class names it is given', () => {
		render(
			<ProgressBar
				value={ 0 }
				className="site-backups__progress-bar"
				aria-label="Backup progress"
			/>
		);
		expect( screen.getByRole( 'progressbar' ) ).toHaveClass(
			'site-backups-progress-bar',
			'site-backups__progress-bar'
		);
		expect( screen.getByRole( 'progressbar' ) ).not.toHaveClass(
			'is-indeterminate'
		);
	} );
} );
