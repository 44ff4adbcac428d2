import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { speak } from '@wordpress/a11y';

import type { ListedNotice } from './NoticeList';
import { SNACKBAR_MILLISECONDS, SnackbarList } from './SnackbarList';

jest.mock( '@wordpress/a11y', () => ( { speak: jest.fn() } ) );

const DELETED: ListedNotice = {
	id: 'site-backups-delete',
	content: 'The backup was deleted.',
	spokenMessage: 'The backup was deleted.',
};

beforeEach( () => {
	( speak as jest.Mock ).mockReset();
	jest.useFakeTimers();
} );

afterEach( () => {
	jest.useRealTimers();
} );

const setUpUser = () =>
	userEvent.setup( { advanceTimers: jest.advanceTimersByTime } );

const list = () => screen.getByRole( 'list', { name: 'Notifications' } );

describe( 'SnackbarList', () => {
	it( 'lists the snackbars, each said politely when it appears', () => {
		render(
			<SnackbarList
				className="site-backups__snackbars"
				notices={ [ DELETED ] }
				onRemove={ jest.fn() }
			/>
		);
		expect( within( list() ).getByRole( 'listitem' ) ).toHaveTextContent(
			'The backup was deleted.'
		);
		expect( speak ).toHaveBeenCalledWith(
			'The backup was deleted.',
			'polite'
		);
	} );

	it( 'has no list while there is nothing to show', () => {
		render( <SnackbarList notices={ [] } onRemove={ jest.fn() } /> );
		expect( screen.queryByRole( 'list' ) ).toBeNull();
	} );

	it( 'removes a snackbar after a while', () => {
		const onRemove = jest.fn();
		render(
			<SnackbarList notices={ [ DELETED ] } onRemove={ onRemove } />
		);
		act( () => {
			jest.advanceTimersByTime( SNACKBAR_MILLISECONDS - 1 );
		} );
		expect( onRemove ).not.toHaveBeenCalled();
		act( () => {
			jest.advanceTimersByTime( 1 );
		} );
		expect( onRemove ).toHaveBeenCalledWith( 'site-backups-delete' );
	} );

	it( 'stays while focus is in it, and goes a while after focus leaves', () => {
		const onRemove = jest.fn();
		render(
			<>
				<SnackbarList notices={ [ DELETED ] } onRemove={ onRemove } />
				<button>Elsewhere</button>
			</>
		);
		const dismiss = screen.getByRole( 'button', {
			name: 'Dismiss this notice',
		} );
		act( () => dismiss.focus() );
		act( () => {
			jest.advanceTimersByTime( SNACKBAR_MILLISECONDS * 3 );
		} );
		expect( onRemove ).not.toHaveBeenCalled();

		act( () =>
			screen.getByRole( 'button', { name: 'Elsewhere' } ).focus()
		);
		act( () => {
			jest.advanceTimersByTime( SNACKBAR_MILLISECONDS );
		} );
		expect( onRemove ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'stays while the pointer is over it', async () => {
		const onRemove = jest.fn();
		const user = setUpUser();
		render(
			<SnackbarList notices={ [ DELETED ] } onRemove={ onRemove } />
		);
		await user.hover( screen.getByText( 'The backup was deleted.' ) );
		act( () => {
			jest.advanceTimersByTime( SNACKBAR_MILLISECONDS * 2 );
		} );
		expect( onRemove ).not.toHaveBeenCalled();
	} );

	it( 'is dismissed by its button, focus going to the list', async () => {
		const onRemove = jest.fn();
		const user = setUpUser();
		const { container } = render(
			<SnackbarList notices={ [ DELETED ] } onRemove={ onRemove } />
		);
		await user.click(
			screen.getByRole( 'button', { name: 'Dismiss this notice' } )
		);
		expect( onRemove ).toHaveBeenCalledWith( 'site-backups-delete' );
		expect( container.firstElementChild ).toHaveFocus();
	} );

	it( 'runs its action and goes', async () => {
		const onRemove = jest.fn();
		const onUndo = jest.fn();
		const user = setUpUser();
		render(
			<SnackbarList
				notices={ [
					{
						id: 'site-backups-job',
						content: 'Staging was restored.',
						spokenMessage: null,
						actions: [ { label: 'Undo', onClick: onUndo } ],
						className: 'site-backups__job-notice',
					},
				] }
				onRemove={ onRemove }
			/>
		);
		expect( speak ).not.toHaveBeenCalled();
		expect( within( list() ).getByRole( 'listitem' ) ).toHaveClass(
			'site-backups__job-notice'
		);
		await user.click( screen.getByRole( 'button', { name: 'Undo' } ) );
		expect( onUndo ).toHaveBeenCalledTimes( 1 );
		expect( onRemove ).toHaveBeenCalledWith( 'site-backups-job' );
	} );
} );
