import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { DropdownMenu, MenuGroup, MenuItem } from './DropdownMenu';

const LABEL = 'Actions for the backup of 26 November 2026 11:00:05';

function renderMenu() {
	const chosen: string[] = [];
	render(
		<>
			<DropdownMenu
				icon="ellipsis"
				label={ LABEL }
				toggleProps={ { size: 'compact' } }
				popoverProps={ { placement: 'bottom-end' } }
			>
				{ ( { onClose } ) => (
					<MenuGroup>
						<MenuItem
							label="Details of the backup"
							onClick={ () => {
								onClose();
								chosen.push( 'details' );
							} }
						>
							Details
						</MenuItem>
						<MenuItem
							href="/download/backup.zip"
							download
							onClick={ ( event ) => {
								event.preventDefault();
								chosen.push( 'download' );
							} }
						>
							Download
						</MenuItem>
						<MenuItem disabled>Fetch</MenuItem>
						<MenuItem
							disabled
							accessibleWhenDisabled
							describedBy="The server does not accept this for this backup."
							onClick={ () => chosen.push( 'restore' ) }
						>
							Restore…
						</MenuItem>
						<MenuItem
							isDestructive
							onClick={ () => chosen.push( 'delete' ) }
						>
							Delete
						</MenuItem>
					</MenuGroup>
				) }
			</DropdownMenu>
			<button type="button">Elsewhere</button>
		</>
	);
	return { user: userEvent.setup(), chosen };
}

const toggle = () => screen.getByRole( 'button', { name: LABEL } );
const item = ( name: string | RegExp ) =>
	within( screen.getByRole( 'menu' ) ).getByRole( 'menuitem', { name } );

describe( 'A dropdown menu', () => {
	it( 'is a button that says it opens a menu, closed at first', () => {
		renderMenu();
		expect( toggle() ).toHaveAttribute( 'aria-haspopup', 'true' );
		expect( toggle() ).toHaveAttribute( 'aria-expanded', 'false' );
		expect( screen.queryByRole( 'menu' ) ).toBeNull();
	} );

	it( 'opens a menu named as its button, focus on the first item', async () => {
		const { user } = renderMenu();
		await user.click( toggle() );
		const menu = screen.getByRole( 'menu', { name: LABEL } );
		expect( toggle() ).toHaveAttribute( 'aria-expanded', 'true' );
		expect( toggle() ).toHaveAttribute( 'aria-controls', menu.id );
		expect(
			within( menu )
				.getAllByRole( 'menuitem' )
				.map( ( entry ) => entry.textContent )
		).toEqual( [ 'Details', 'Download', 'Fetch', 'Restore…', 'Delete' ] );
		expect( item( 'Details of the backup' ) ).toHaveFocus();
		expect( item( 'Download' ).tagName ).toBe( 'A' );
		expect( item( 'Download' ) ).toHaveAttribute(
			'href',
			'/download/backup.zip'
		);
	} );

	it( 'moves between the items that can take focus with the arrow keys, Home and End', async () => {
		const { user } = renderMenu();
		await user.click( toggle() );
		await user.keyboard( '{ArrowDown}' );
		expect( item( 'Download' ) ).toHaveFocus();
		// Fetch cannot be used nor focused; Restore… cannot be used, but says why.
		await user.keyboard( '{ArrowDown}' );
		expect( item( 'Restore…' ) ).toHaveFocus();
		expect( item( 'Restore…' ) ).toHaveAccessibleDescription(
			'The server does not accept this for this backup.'
		);
		await user.keyboard( '{ArrowDown}' );
		expect( item( 'Delete' ) ).toHaveFocus();
		await user.keyboard( '{ArrowDown}' );
		expect( item( 'Details of the backup' ) ).toHaveFocus();
		await user.keyboard( '{ArrowUp}' );
		expect( item( 'Delete' ) ).toHaveFocus();
		await user.keyboard( '{Home}' );
		expect( item( 'Details of the backup' ) ).toHaveFocus();
		await user.keyboard( '{End}' );
		expect( item( 'Delete' ) ).toHaveFocus();
	} );

	it( 'opens from its button with the arrow keys, on the first or the last item', async () => {
		const { user } = renderMenu();
		await user.tab();
		expect( toggle() ).toHaveFocus();
		await user.keyboard( '{ArrowUp}' );
		expect( item( 'Delete' ) ).toHaveFocus();
		await user.keyboard( '{Escape}' );
		await user.keyboard( '{ArrowDown}' );
		expect( item( 'Details of the backup' ) ).toHaveFocus();
	} );

	it( 'closes on Escape and puts focus back on its button', async () => {
		const { user } = renderMenu();
		await user.click( toggle() );
		await user.keyboard( '{ArrowDown}{Escape}' );
		expect( screen.queryByRole( 'menu' ) ).toBeNull();
		expect( toggle() ).toHaveAttribute( 'aria-expanded', 'false' );
		expect( toggle() ).toHaveFocus();
	} );

	it( 'closes on a click elsewhere', async () => {
		const { user } = renderMenu();
		await user.click( toggle() );
		await user.click( screen.getByRole( 'button', { name: 'Elsewhere' } ) );
		expect( screen.queryByRole( 'menu' ) ).toBeNull();
		expect(
			screen.getByRole( 'button', { name: 'Elsewhere' } )
		).toHaveFocus();
	} );

	it( 'closes on a second click on its button', async () => {
		const { user } = renderMenu();
		await user.click( toggle() );
		await user.click( toggle() );
		expect( screen.queryByRole( 'menu' ) ).toBeNull();
		expect( toggle() ).toHaveFocus();
	} );

	it( 'closes when Tab leaves it', async () => {
		const { user } = renderMenu();
		await user.click( toggle() );
		await user.tab();
		expect( screen.queryByRole( 'menu' ) ).toBeNull();
	} );

	it( 'runs an item chosen by click, Enter or Space; one that closes the menu gives focus back to its button', async () => {
		const { user, chosen } = renderMenu();
		await user.click( toggle() );
		await user.keyboard( '{Enter}' );
		expect( chosen ).toEqual( [ 'details' ] );
		expect( screen.queryByRole( 'menu' ) ).toBeNull();
		expect( toggle() ).toHaveFocus();

		await user.keyboard( '{ArrowDown}{ArrowDown}' );
		expect( item( 'Download' ) ).toHaveFocus();
		await user.keyboard( ' ' );
		await user.click( item( 'Delete' ) );
		expect( chosen ).toEqual( [ 'details', 'download', 'delete' ] );
	} );

	it( 'does nothing with an item that cannot be used', async () => {
		const { user, chosen } = renderMenu();
		await user.click( toggle() );
		await user.click( item( 'Restore…' ) );
		expect( chosen ).toEqual( [] );
		expect( item( 'Restore…' ) ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( item( 'Fetch' ) ).toBeDisabled();
	} );
} );
