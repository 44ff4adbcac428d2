import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiBackupDetails } from '../api/types';
import type { FakeApi } from '../test-utils/fake-api';
import { backup } from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findRow, openScreen, serveSite } from '../test-utils/screen';
import { withSiteDate } from '../test-utils/site-date';
import type { DatabaseCopy } from '../view-models/database-copy';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const made = backup( {
	note: 'Before the sale',
	created: '2026-11-27T05:21:40+00:00',
	finished: '2026-11-27T05:25:02+00:00',
} );

let api: FakeApi;

withSiteDate( 'America/Los_Angeles', 'F j, Y', 'g:i a' );

beforeEach( () => {
	api = openScreen();
	serveSite( api, { backups: () => [ made ] } );
} );

/**
 * Opens the backup's details, as the server sends them.
 *
 * @param copy What the server says of its database copy.
 */
async function detailsWith( copy: DatabaseCopy | null ) {
	const details: ApiBackupDetails = {
		...made,
		details: { skipped: [], excluded: [] },
		log: [],
		left_out: [],
		database_copy: copy,
	};
	api.on( 'GET', '/backups/:id', () => details );
	const user = userEvent.setup();
	renderWithRegistry( <App /> );
	await user.click(
		within( await findRow( 'Before the sale' ) ).getByRole( 'button', {
			name: /^Details of the backup of/,
		} )
	);
	const dialog = await screen.findByRole( 'dialog' );
	await within( dialog ).findByText( 'Newly stored' );
	return dialog;
}

describe( 'The details of a backup', () => {
	it( 'say the moment a consistent database copy stands for', async () => {
		const dialog = await detailsWith( {
			consistent: true,
			moment: '2026-11-27T05:22:05+00:00',
			window: null,
		} );
		expect(
			within( dialog ).getByText( 'Database' ).nextElementSibling
		).toHaveTextContent(
			'The database was copied as it was at 9:22:05 pm.'
		);
	} );

	it( 'say over what time a copy that is not one moment was made, and what it means', async () => {
		const dialog = await detailsWith( {
			consistent: false,
			moment: null,
			window: {
				start: '2026-11-27T05:22:05+00:00',
				end: '2026-11-27T05:24:51+00:00',
			},
		} );
		expect(
			within( dialog ).getByText( 'Database' ).nextElementSibling
		).toHaveTextContent(
			'The database was copied between 9:22 pm and 9:24 pm; its tables were not all copied at the same moment, so a change saved during that time may be in some tables and missing from others.'
		);
	} );

	it( 'leave it out for a backup that does not record it', async () => {
		const dialog = await detailsWith( null );
		expect( within( dialog ).queryByText( 'Database' ) ).toBeNull();
	} );
} );
