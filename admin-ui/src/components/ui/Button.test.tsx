import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { Button } from './Button';

describe( 'Button', () => {
	it( 'is drawn as WordPress admin draws its buttons', () => {
		render(
			<>
				<Button variant="primary">Save</Button>
				<Button>Cancel</Button>
				<Button variant="tertiary" isDestructive>
					Delete
				</Button>
				<Button variant="link">See what happened</Button>
			</>
		);
		expect( screen.getByRole( 'button', { name: 'Save' } ) ).toHaveClass(
			'button',
			'button-primary'
		);
		expect( screen.getByRole( 'button', { name: 'Cancel' } ) ).toHaveClass(
			'button'
		);
		expect( screen.getByRole( 'button', { name: 'Delete' } ) ).toHaveClass(
			'button-link',
			'button-link-delete'
		);
		expect(
			screen.getByRole( 'button', { name: 'See what happened' } )
		).toHaveClass( 'button-link' );
		expect(
			screen.getByRole( 'button', { name: 'See what happened' } )
		).toHaveAttribute( 'type', 'button' );
	} );

	it( 'takes its name from label and its description from describedBy', () => {
		render(
			<Button
				label="Restore the backup of 26 November 2026 at 03:12:09"
				describedBy="It is kept only off-site: fetch it first."
			>
				Restore
			</Button>
		);
		const button = screen.getByRole( 'button', {
			name: 'Restore the backup of 26 November 2026 at 03:12:09',
		} );
		expect( button ).toHaveAccessibleDescription(
			'It is kept only off-site: fetch it first.'
		);
	} );

	it( 'keeps a description given by id beside its own', () => {
		render(
			<>
				<p id="why">A backup is running.</p>
				<Button aria-describedby="why" describedBy="Try later.">
					Create
				</Button>
			</>
		);
		expect(
			screen.getByRole( 'button', { name: 'Create' } )
		).toHaveAccessibleDescription( 'A backup is running. Try later.' );
	} );

	it( 'when disabled, cannot be focused or clicked', async () => {
		const onClick = jest.fn();
		const user = userEvent.setup();
		render(
			<Button disabled onClick={ onClick }>
				Newer
			</Button>
		);
		const button = screen.getByRole( 'button', { name: 'Newer' } );
		expect( button ).toBeDisabled();
		await user.click( button );
		await user.tab();
		expect( button ).not.toHaveFocus();
		expect( onClick ).not.toHaveBeenCalled();
	} );

	it( 'when disabled but accessible, is focused and described but does nothing', async () => {
		const onClick = jest.fn();
		const onSubmit = jest.fn( ( event: { preventDefault: () => void } ) =>
			event.preventDefault()
		);
		const user = userEvent.setup();
		render(
			<form onSubmit={ onSubmit }>
				<Button
					type="submit"
					disabled
					accessibleWhenDisabled
					describedBy="Choose the database, the files or both."
					onClick={ onClick }
				>
					Restore
				</Button>
			</form>
		);
		const button = screen.getByRole( 'button', { name: 'Restore' } );
		expect( button ).toBeEnabled();
		expect( button ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( button ).toHaveAccessibleDescription(
			'Choose the database, the files or both.'
		);
		await user.tab();
		expect( button ).toHaveFocus();
		await user.keyboard( '{Enter}' );
		await user.click( button );
		expect( onClick ).not.toHaveBeenCalled();
		expect( onSubmit ).not.toHaveBeenCalled();
	} );

	it( 'submits its form and calls onClick when enabled', async () => {
		const onClick = jest.fn();
		const onSubmit = jest.fn( ( event: { preventDefault: () => void } ) =>
			event.preventDefault()
		);
		const user = userEvent.setup();
		render(
			<form onSubmit={ onSubmit }>
				<Button type="submit" onClick={ onClick }>
					Save
				</Button>
			</form>
		);
		await user.click( screen.getByRole( 'button', { name: 'Save' } ) );
		expect( onClick ).toHaveBeenCalledTimes( 1 );
		expect( onSubmit ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'is a link with href, and a button again when disabled', () => {
		const { rerender } = render(
			<Button href="/download/abc.zip" download>
				Download
			</Button>
		);
		const link = screen.getByRole( 'link', { name: 'Download' } );
		expect( link ).toHaveAttribute( 'href', '/download/abc.zip' );
		expect( link ).toHaveAttribute( 'download' );
		expect( link ).toHaveClass( 'button' );

		rerender(
			<Button href="/download/abc.zip" disabled accessibleWhenDisabled>
				Download
			</Button>
		);
		expect( screen.queryByRole( 'link' ) ).toBeNull();
		expect(
			screen.getByRole( 'button', { name: 'Download' } )
		).toHaveAttribute( 'aria-disabled', 'true' );
	} );

	it( 'says it is busy', () => {
		render(
			<Button isBusy disabled>
				Show the recovery key
			</Button>
		);
		expect(
			screen.getByRole( 'button', { name: 'Show the recovery key' } )
		).toHaveClass( 'is-busy' );
	} );

	it( 'draws a Dashicon that screen readers skip', () => {
		render( <Button icon="ellipsis" label="Actions" /> );
		const button = screen.getByRole( 'button', { name: 'Actions' } );
		expect( button.querySelector( '.dashicons-ellipsis' ) ).toHaveAttribute(
			'aria-hidden',
			'true'
		);
	} );
} );
