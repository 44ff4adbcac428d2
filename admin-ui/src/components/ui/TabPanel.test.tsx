import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { TabPanel } from './TabPanel';

const TABS = [
	{ name: 'production', title: 'Production' },
	{ name: 'staging', title: 'Staging' },
	{ name: 'archive', title: 'Archive' },
];

function renderTabs( initialTabName?: string ) {
	const onSelect = jest.fn();
	render(
		<>
			<TabPanel
				tabs={ TABS }
				initialTabName={ initialTabName }
				onSelect={ onSelect }
				className="site-backups__tabs"
			>
				{ ( tab ) => (
					<button type="button">Back up { tab.title }</button>
				) }
			</TabPanel>
			<button type="button">After the tabs</button>
		</>
	);
	return { user: userEvent.setup(), onSelect };
}

const tab = ( name: string ) => screen.getByRole( 'tab', { name } );

describe( 'Tabs', () => {
	it( 'are a tab list whose selected tab controls the one panel shown', () => {
		renderTabs( 'staging' );
		expect( screen.getByRole( 'tablist' ) ).toBeVisible();
		expect(
			screen.getAllByRole( 'tab' ).map( ( item ) => item.textContent )
		).toEqual( [ 'Production', 'Staging', 'Archive' ] );
		expect( tab( 'Staging' ) ).toHaveAttribute( 'aria-selected', 'true' );
		expect( tab( 'Production' ) ).toHaveAttribute(
			'aria-selected',
			'false'
		);

		const panel = screen.getByRole( 'tabpanel' );
		expect( panel ).toHaveAccessibleName( 'Staging' );
		expect( tab( 'Staging' ) ).toHaveAttribute( 'aria-controls', panel.id );
		expect( panel ).toHaveTextContent( 'Back up Staging' );
		// The others' panels are there for their tabs to point to, empty and hidden.
		expect(
			screen.getAllByRole( 'tabpanel', { hidden: true } )
		).toHaveLength( 3 );
	} );

	it( 'start on the first tab when the one asked for is not among them', () => {
		renderTabs( 'elsewhere' );
		expect( tab( 'Production' ) ).toHaveAttribute(
			'aria-selected',
			'true'
		);
		expect( screen.getByRole( 'tabpanel' ) ).toHaveTextContent(
			'Back up Production'
		);
	} );

	it( 'put only the selected tab in the Tab order, then its panel', async () => {
		const { user } = renderTabs( 'staging' );
		expect( tab( 'Staging' ) ).toHaveAttribute( 'tabindex', '0' );
		expect( tab( 'Production' ) ).toHaveAttribute( 'tabindex', '-1' );
		expect( tab( 'Archive' ) ).toHaveAttribute( 'tabindex', '-1' );

		await user.tab();
		expect( tab( 'Staging' ) ).toHaveFocus();
		await user.tab();
		expect( screen.getByRole( 'tabpanel' ) ).toHaveFocus();
		await user.tab();
		expect(
			screen.getByRole( 'button', { name: 'Back up Staging' } )
		).toHaveFocus();
		await user.tab();
		expect(
			screen.getByRole( 'button', { name: 'After the tabs' } )
		).toHaveFocus();
	} );

	it( 'select a tab clicked, and say which', async () => {
		const { user, onSelect } = renderTabs();
		await user.click( tab( 'Staging' ) );
		expect( tab( 'Staging' ) ).toHaveAttribute( 'aria-selected', 'true' );
		expect( screen.getByRole( 'tabpanel' ) ).toHaveTextContent(
			'Back up Staging'
		);
		expect( onSelect ).toHaveBeenCalledWith( 'staging' );

		// The one already selected is not chosen again.
		await user.click( tab( 'Staging' ) );
		expect( onSelect ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'move with the arrow keys, round from the last to the first and back', async () => {
		const { user, onSelect } = renderTabs();
		await user.tab();
		expect( tab( 'Production' ) ).toHaveFocus();

		await user.keyboard( '{ArrowRight}' );
		expect( tab( 'Staging' ) ).toHaveFocus();
		expect( tab( 'Staging' ) ).toHaveAttribute( 'aria-selected', 'true' );
		expect( tab( 'Staging' ) ).toHaveAttribute( 'tabindex', '0' );
		expect( tab( 'Production' ) ).toHaveAttribute( 'tabindex', '-1' );
		expect( screen.getByRole( 'tabpanel' ) ).toHaveTextContent(
			'Back up Staging'
		);

		await user.keyboard( '{ArrowRight}{ArrowRight}' );
		expect( tab( 'Production' ) ).toHaveFocus();
		await user.keyboard( '{ArrowLeft}' );
		expect( tab( 'Archive' ) ).toHaveFocus();
		expect( tab( 'Archive' ) ).toHaveAttribute( 'aria-selected', 'true' );
		expect( onSelect.mock.calls ).toEqual( [
			[ 'staging' ],
			[ 'archive' ],
			[ 'production' ],
			[ 'archive' ],
		] );
	} );

	it( 'go to the first tab on Home and the last on End', async () => {
		const { user } = renderTabs( 'staging' );
		await user.tab();
		await user.keyboard( '{End}' );
		expect( tab( 'Archive' ) ).toHaveFocus();
		expect( tab( 'Archive' ) ).toHaveAttribute( 'aria-selected', 'true' );
		await user.keyboard( '{Home}' );
		expect( tab( 'Production' ) ).toHaveFocus();
		expect( tab( 'Production' ) ).toHaveAttribute(
			'aria-selected',
			'true'
		);
	} );

	it( 'leave the keys alone inside the panel', async () => {
		const { user, onSelect } = renderTabs();
		await user.click(
			screen.getByRole( 'button', { name: 'Back up Production' } )
		);
		await user.keyboard( '{ArrowRight}{End}' );
		expect( tab( 'Production' ) ).toHaveAttribute(
			'aria-selected',
			'true'
		);
		expect( onSelect ).not.toHaveBeenCalled();
	} );
} );
