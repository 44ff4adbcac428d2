import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { App } from './App';

describe( 'App', () => {
	beforeEach( () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=site-backups'
		);
	} );

	it( 'opens on the production view with its empty state', async () => {
		render( <App /> );
		expect(
			screen.getByRole( 'heading', { level: 1, name: 'Backups' } )
		).toBeInTheDocument();
		expect(
			await screen.findByRole( 'tab', {
				name: 'Production',
				selected: true,
			} )
		).toHaveAttribute( 'aria-selected', 'true' );
		const region = screen.getByRole( 'region', {
			name: 'Production backups',
		} );
		expect( region ).toHaveTextContent( 'No backups yet' );
		expect( region ).not.toHaveTextContent(
			'do not receive automatic backups'
		);
	} );

	it( 'switches to staging, says it is never backed up automatically, and keeps the view in the URL', async () => {
		const user = userEvent.setup();
		render( <App /> );
		await user.click( screen.getByRole( 'tab', { name: 'Staging' } ) );
		expect(
			screen.getByRole( 'region', { name: 'Staging backups' } )
		).toHaveTextContent( 'Staging sites do not receive automatic backups' );
		expect( window.location.search ).toBe(
			'?page=site-backups&view=staging'
		);
	} );

	it( 'opens on the view named in the URL', async () => {
		window.history.replaceState(
			null,
			'',
			'/wp-admin/tools.php?page=site-backups&view=staging'
		);
		render( <App /> );
		expect(
			await screen.findByRole( 'tab', {
				name: 'Staging',
				selected: true,
			} )
		).toHaveAttribute( 'aria-selected', 'true' );
	} );
} );
