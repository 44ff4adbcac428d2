import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { speak } from '@wordpress/a11y';

import { NoticeList } from './NoticeList';

jest.mock( '@wordpress/a11y', () => ( { speak: jest.fn() } ) );

beforeEach( () => {
	( speak as jest.Mock ).mockReset();
} );

describe( 'NoticeList', () => {
	it( 'shows the newest notice first, each of its status', () => {
		render(
			<NoticeList
				className="site-backups__notices"
				notices={ [
					{ id: 'old', content: 'The first.', status: 'warning' },
					{ id: 'new', content: 'The second.', status: 'error' },
				] }
				onRemove={ jest.fn() }
			/>
		);
		const shown = Array.from(
			document.querySelectorAll( '.site-backups__notices .notice' )
		);
		expect( shown.map( ( notice ) => notice.textContent ) ).toEqual( [
			expect.stringContaining( 'The second.' ),
			expect.stringContaining( 'The first.' ),
		] );
		expect( shown[ 0 ] ).toHaveClass( 'notice-error' );
		expect( shown[ 1 ] ).toHaveClass( 'notice-warning' );
	} );

	it( 'removes the notice dismissed, by its id', async () => {
		const onRemove = jest.fn();
		const user = userEvent.setup();
		render(
			<NoticeList
				notices={ [
					{ id: 'site-backups-delete', content: 'Not deleted.' },
					{
						id: 'site-backups-job',
						content: 'Kept.',
						isDismissible: false,
					},
				] }
				onRemove={ onRemove }
			/>
		);
		const buttons = screen.getAllByRole( 'button', {
			name: 'Dismiss this notice',
		} );
		expect( buttons ).toHaveLength( 1 );
		await user.click( buttons[ 0 ] as HTMLElement );
		expect( onRemove ).toHaveBeenCalledWith( 'site-backups-delete' );
	} );

	it( 'says only the notices the store asks to say', () => {
		render(
			<NoticeList
				notices={ [
					{
						id: 'spoken',
						content: 'The backup could not be deleted.',
						status: 'error',
						spokenMessage: 'The backup could not be deleted.',
					},
					{
						id: 'quiet',
						content: 'The backup failed.',
						status: 'error',
						spokenMessage: null,
					},
				] }
				onRemove={ jest.fn() }
			/>
		);
		expect( speak ).toHaveBeenCalledTimes( 1 );
		expect( speak ).toHaveBeenCalledWith(
			'The backup could not be deleted.',
			'assertive'
		);
	} );
} );
