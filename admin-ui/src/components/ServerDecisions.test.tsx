import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { FakeApi } from '../test-utils/fake-api';
import { backup, job } from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findRow, openScreen, serveSite } from '../test-utils/screen';
import { toJobView } from '../view-models/job-view';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

let api: FakeApi;

beforeEach( () => {
	api = openScreen();
} );

/** A backup that is saved and being copied off-site: the server refuses a cancel (409). */
const copyingOffsite = job( {
	progress: {
		phase: 'offsite',
		done: 0,
		total: null,
		percent: null,
		bytes: 0,
		current: '',
	},
	committed: true,
} );

describe( 'What the server decides, the screen offers', () => {
	it( 'does not offer to cancel a backup that is copying off-site, and says why', async () => {
		serveSite( api );
		api.on( 'GET', '/jobs', () => [ copyingOffsite ] );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const cancel = await screen.findByRole( 'button', {
			name: 'Cancel backup',
		} );
		expect( cancel ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( cancel ).toHaveAccessibleDescription(
			'The backup is saved and is being copied off-site: this can no longer be stopped.'
		);
		await user.click( cancel );
		expect(
			api.calls.filter( ( call ) => call.method === 'POST' )
		).toEqual( [] );
	} );

	it( 'takes whether a job can be cancelled from the server, not from its phase', () => {
		expect( toJobView( copyingOffsite ).canCancel ).toBe( false );
		const stillCancellable = job( {
			kind: 'restore',
			progress: { ...copyingOffsite.progress, phase: 'switching' },
			can_cancel: true,
		} );
		expect( toJobView( stillCancellable ).canCancel ).toBe( true );
		expect(
			toJobView( job( { status: 'running', can_cancel: false } ) )
				.canCancel
		).toBe( false );
	} );

	it( 'offers delete, restore and download of a backup only as the server accepts them', async () => {
		serveSite( api, {
			backups: () => [
				backup( {
					note: 'Refused here',
					can_delete: false,
					can_restore: false,
					can_download: false,
				} ),
			],
		} );
		renderWithRegistry( <App /> );
		const row = await findRow( 'Refused here' );
		expect(
			within( row ).queryByRole( 'button', { name: /^Delete/ } )
		).toBeNull();
		expect(
			within( row ).getByRole( 'button', { name: /^Restore the backup/ } )
		).toHaveAttribute( 'aria-disabled', 'true' );
		expect(
			within( row ).queryByRole( 'link', { name: /^Download/ } )
		).toBeNull();
		expect(
			within( row ).getByRole( 'button', {
				name: /^Download the backup/,
			} )
		).toHaveAttribute( 'aria-disabled', 'true' );
	} );
} );
