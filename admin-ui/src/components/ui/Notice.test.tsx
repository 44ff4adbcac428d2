import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { speak } from '@wordpress/a11y';

import { Notice } from './Notice';

jest.mock( '@wordpress/a11y', () => ( { speak: jest.fn() } ) );

beforeEach( () => {
	( speak as jest.Mock ).mockReset();
} );

describe( 'Notice', () => {
	it( 'is WordPress admin’s notice box, of its status', () => {
		render(
			<Notice status="warning" isDismissible={ false }>
				Keep a copy of this key away from this server.
			</Notice>
		);
		const notice = screen
			.getByText( 'Keep a copy of this key away from this server.' )
			.closest( '.notice' );
		expect( notice ).toHaveClass( 'notice-warning' );
		expect( notice ).not.toHaveClass( 'is-dismissible' );
		expect( notice ).toHaveTextContent( 'Warning notice' );
		expect( screen.queryByRole( 'button' ) ).toBeNull();
	} );

	it( 'says an error at once and the others politely', () => {
		const { rerender } = render(
			<Notice status="error">The backup failed.</Notice>
		);
		expect( speak ).toHaveBeenLastCalledWith(
			'The backup failed.',
			'assertive'
		);
		rerender(
			<Notice status="success">
				<p>
					The backup <strong>was deleted</strong>.
				</p>
				<p>Its copies in the bucket stay.</p>
			</Notice>
		);
		expect( speak ).toHaveBeenLastCalledWith(
			'The backup was deleted . Its copies in the bucket stay.',
			'polite'
		);
		expect( speak ).toHaveBeenCalledTimes( 2 );
	} );

	it( 'says what it is told to, or nothing', () => {
		const { rerender } = render(
			<Notice status="info" spokenMessage="Short words.">
				Long words on the screen.
			</Notice>
		);
		expect( speak ).toHaveBeenCalledWith( 'Short words.', 'polite' );
		rerender(
			<Notice status="info" spokenMessage="Short words.">
				Long words on the screen.
			</Notice>
		);
		expect( speak ).toHaveBeenCalledTimes( 1 );

		( speak as jest.Mock ).mockReset();
		render(
			<Notice status="error" spokenMessage={ null }>
				Said by whoever made it.
			</Notice>
		);
		expect( speak ).not.toHaveBeenCalled();
	} );

	it( 'is dismissed by a button named for it', async () => {
		const onRemove = jest.fn();
		const user = userEvent.setup();
		render(
			<Notice status="error" onRemove={ onRemove }>
				The recovery key was shown once already.
			</Notice>
		);
		expect(
			screen
				.getByText( 'The recovery key was shown once already.' )
				.closest( '.notice' )
		).toHaveClass( 'is-dismissible', 'notice-error' );
		await user.click(
			screen.getByRole( 'button', { name: 'Dismiss this notice' } )
		);
		expect( onRemove ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'shows its actions as buttons', async () => {
		const onUndo = jest.fn();
		const user = userEvent.setup();
		render(
			<Notice
				status="success"
				isDismissible={ false }
				actions={ [ { label: 'Undo', onClick: onUndo } ] }
				className="site-backups__job-notice"
			>
				Production was restored.
			</Notice>
		);
		await user.click( screen.getByRole( 'button', { name: 'Undo' } ) );
		expect( onUndo ).toHaveBeenCalledTimes( 1 );
		expect(
			screen.getByText( 'Production was restored.' ).closest( '.notice' )
		).toHaveClass( 'site-backups__job-notice' );
	} );
} );
