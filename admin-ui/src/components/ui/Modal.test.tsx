import { fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from '@wordpress/element';
import type { ComponentProps } from 'react';

import { Modal } from './Modal';

type ModalProps = Partial< ComponentProps< typeof Modal > >;

/**
 * A page with a button that opens a dialog, closed only when the dialog asks
 * to be and the page agrees (`refuse` says it does not).
 *
 * @param props        Component props.
 * @param props.refuse Whether the page keeps the dialog open when asked.
 * @param props.modal  Props of the dialog.
 */
function Page( {
	refuse = false,
	modal = {},
}: {
	refuse?: boolean;
	modal?: ModalProps;
} ) {
	const [ open, setOpen ] = useState( false );
	const [ asked, setAsked ] = useState( 0 );
	return (
		<>
			<button type="button" onClick={ () => setOpen( true ) }>
				Delete…
			</button>
			<p>Asked to close { asked } times</p>
			{ open && (
				<Modal
					title="Delete this backup?"
					onRequestClose={ () => {
						setAsked( asked + 1 );
						setOpen( refuse );
					} }
					{ ...modal }
				>
					<p>It cannot be restored afterwards.</p>
					<input aria-label="Why" />
					<button type="button">Delete backup</button>
				</Modal>
			) }
		</>
	);
}

async function openDialog( props: Parameters< typeof Page >[ 0 ] = {} ) {
	const user = userEvent.setup();
	render( <Page { ...props } /> );
	const opener = screen.getByRole( 'button', { name: 'Delete…' } );
	await user.click( opener );
	const dialog = screen.getByRole( 'dialog', {
		name: 'Delete this backup?',
	} );
	return { user, opener, dialog: dialog as HTMLDialogElement };
}

describe( 'A modal dialog', () => {
	it( 'opens as a modal dialog, named by its visible title', async () => {
		const { dialog } = await openDialog();
		expect( dialog.tagName ).toBe( 'DIALOG' );
		expect( dialog.open ).toBe( true );
		expect(
			within( dialog ).getByRole( 'heading', {
				name: 'Delete this backup?',
			} )
		).toBeVisible();
		expect( dialog ).toHaveTextContent(
			'It cannot be restored afterwards.'
		);
	} );

	it( 'puts focus on the first element that can take it: its close button', async () => {
		const { dialog } = await openDialog();
		expect(
			within( dialog ).getByRole( 'button', { name: 'Close' } )
		).toHaveFocus();
	} );

	it( 'puts focus on the first element of its content when asked', async () => {
		const { dialog } = await openDialog( {
			modal: { focusOnMount: 'firstContentElement' },
		} );
		expect( within( dialog ).getByRole( 'textbox' ) ).toHaveFocus();
	} );

	it( 'puts focus on itself when asked not to focus what it holds', async () => {
		const { dialog } = await openDialog( {
			modal: { focusOnMount: false },
		} );
		expect( dialog ).toHaveFocus();
	} );

	it( 'asks to close on Escape, and focus goes back to what opened it', async () => {
		const { user, opener } = await openDialog();
		await user.keyboard( '{Escape}' );
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( screen.getByText( 'Asked to close 1 times' ) ).toBeVisible();
		expect( opener ).toHaveFocus();
	} );

	it( 'asks to close on Escape from a field inside it', async () => {
		const { user, dialog, opener } = await openDialog();
		await user.click( within( dialog ).getByRole( 'textbox' ) );
		await user.keyboard( '{Escape}' );
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( opener ).toHaveFocus();
	} );

	it( 'stays open on Escape while the page keeps it open', async () => {
		const { user, dialog } = await openDialog( { refuse: true } );
		await user.keyboard( '{Escape}' );
		await user.keyboard( '{Escape}' );
		expect( screen.getByText( 'Asked to close 2 times' ) ).toBeVisible();
		expect( screen.getByRole( 'dialog' ) ).toBe( dialog );
		expect( dialog.open ).toBe( true );
	} );

	it( "stops the browser's own closing, and asks instead", async () => {
		const { dialog } = await openDialog( { refuse: true } );
		const cancel = new Event( 'cancel', { cancelable: true } );
		fireEvent( dialog, cancel );
		expect( cancel.defaultPrevented ).toBe( true );
		expect( screen.getByText( 'Asked to close 1 times' ) ).toBeVisible();
		expect( dialog.open ).toBe( true );
	} );

	it( 'opens again when the browser closes it anyway, and asks', async () => {
		const { dialog } = await openDialog( { refuse: true } );
		dialog.open = false;
		fireEvent( dialog, new Event( 'close' ) );
		expect( screen.getByText( 'Asked to close 1 times' ) ).toBeVisible();
		expect( dialog.open ).toBe( true );
	} );

	it( 'asks to close from its close button', async () => {
		const { user, dialog, opener } = await openDialog();
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Close' } )
		);
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect( opener ).toHaveFocus();
	} );

	it( 'asks to close on a click beside it, not on one inside it', async () => {
		const { user, dialog } = await openDialog();
		await user.click(
			within( dialog ).getByText( 'It cannot be restored afterwards.' )
		);
		expect( screen.getByRole( 'dialog' ) ).toBe( dialog );
		// The backdrop belongs to the dialog element, which its content fills.
		await user.click( dialog );
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
	} );

	it( 'stays open on a click beside it when told to', async () => {
		const { user, dialog } = await openDialog( {
			modal: { shouldCloseOnClickOutside: false },
		} );
		await user.click( dialog );
		expect( screen.getByRole( 'dialog' ) ).toBe( dialog );
		expect( screen.getByText( 'Asked to close 0 times' ) ).toBeVisible();
	} );

	it( 'takes its width from its size, and the classes given', async () => {
		const { dialog } = await openDialog( {
			modal: { size: 'small', className: 'site-backups__delete' },
		} );
		expect( dialog ).toHaveClass(
			'site-backups-modal',
			'site-backups-modal--small',
			'site-backups__delete'
		);
	} );

	it( 'opened from another, closes alone on Escape and gives focus back inside the first', async () => {
		function Nested() {
			const [ inner, setInner ] = useState( false );
			const [ outer, setOuter ] = useState( true );
			return outer ? (
				<Modal
					title="Browse"
					onRequestClose={ () => setOuter( false ) }
				>
					<button type="button" onClick={ () => setInner( true ) }>
						Restore these files…
					</button>
					{ inner && (
						<Modal
							title="Restore 2 files?"
							onRequestClose={ () => setInner( false ) }
						>
							<p>They will be replaced.</p>
						</Modal>
					) }
				</Modal>
			) : null;
		}
		const user = userEvent.setup();
		render( <Nested /> );
		const opener = screen.getByRole( 'button', {
			name: 'Restore these files…',
		} );
		await user.click( opener );
		expect(
			screen.getByRole( 'dialog', { name: 'Restore 2 files?' } )
		).toBeVisible();

		await user.keyboard( '{Escape}' );
		expect(
			screen.queryByRole( 'dialog', { name: 'Restore 2 files?' } )
		).toBeNull();
		expect(
			screen.getByRole( 'dialog', { name: 'Browse' } )
		).toBeVisible();
		expect( opener ).toHaveFocus();
	} );
} );
