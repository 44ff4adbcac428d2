import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiBackupDetails } from '../api/types';
import type { FakeApi } from '../test-utils/fake-api';
import { backup, decided, offsiteSettings } from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findRow, openScreen, serveSite } from '../test-utils/screen';
import { withSiteDate } from '../test-utils/site-date';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const EXPLANATION =
	"Not verified: its record in the bucket may have been written by someone else, so it cannot be restored, fetched or downloaded. If it was made on another server, set that server's recovery key in the off-site settings.";

const forged = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d4',
	note: 'Planted in the bucket',
	created: '2026-11-21T10:00:00+00:00',
	locations: [ 'offsite' ],
	verified: false,
	verification: 'signed with another recovery key',
} );
const trusted = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d3',
	note: 'Signed in the bucket',
	created: '2026-11-20T10:00:00+00:00',
	locations: [ 'offsite' ],
	verified: true,
	verification: null,
} );
const local = backup( {
	id: '01m8c24kk64pmvymegwwn0y3d2',
	note: 'Kept here',
	locations: [ 'local', 'offsite' ],
	verified: true,
	verification: null,
} );

let api: FakeApi;

withSiteDate( 'Europe/Paris' );

beforeEach( () => {
	api = openScreen();
	serveSite( api, {
		settings: offsiteSettings(),
		backups: () => [ forged, trusted, local ],
	} );
} );

function button( row: HTMLElement, name: RegExp ) {
	return within( row ).getByRole( 'button', { name } );
}

describe( 'A backup whose record in the bucket is not verified', () => {
	it( 'is labelled "Not verified" with the reason; the others are not', async () => {
		renderWithRegistry( <App /> );
		const row = await findRow( 'Planted in the bucket' );
		expect(
			within( row ).getByText(
				'Not verified: signed with another recovery key'
			)
		).toHaveClass( 'site-backups__not-verified' );
		for ( const note of [ 'Signed in the bucket', 'Kept here' ] ) {
			expect(
				within( await findRow( note ) ).queryByText( /Not verified/ )
			).toBeNull();
		}
	} );

	it( 'cannot be restored or fetched, and the buttons say why', async () => {
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const row = await findRow( 'Planted in the bucket' );
		const restore = button( row, /^Restore the backup of/ );
		const fetch = button( row, /^Fetch the backup of/ );
		for ( const refused of [ restore, fetch ] ) {
			expect( refused ).toHaveAttribute( 'aria-disabled', 'true' );
			expect( refused ).toHaveAccessibleDescription( EXPLANATION );
		}
		await user.click( restore );
		await user.click( fetch );
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
		expect(
			api.calls.filter( ( call ) => call.method === 'POST' )
		).toEqual( [] );

		const signed = await findRow( 'Signed in the bucket' );
		expect( button( signed, /^Restore the backup of/ ) ).toBeEnabled();
		expect( button( signed, /^Fetch the backup of/ ) ).toBeEnabled();
	} );

	it( 'cannot be downloaded if this server ever lists one as its own', async () => {
		serveSite( api, {
			settings: offsiteSettings(),
			backups: () => [ decided( { ...local, verified: false } ) ],
		} );
		renderWithRegistry( <App /> );
		const row = await findRow( 'Kept here' );
		expect(
			within( row ).queryByRole( 'link', { name: /^Download/ } )
		).toBeNull();
		const download = button( row, /^Download the backup of/ );
		expect( download ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( download ).toHaveAccessibleDescription( EXPLANATION );
	} );

	it( 'says so in its details, with what makes it usable', async () => {
		const details: ApiBackupDetails = {
			...forged,
			details: { skipped: [], excluded: [] },
			log: [],
		};
		api.on( 'GET', '/backups/:id', () => details );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			button(
				await findRow( 'Planted in the bucket' ),
				/^Details of the backup of/
			)
		);
		const dialog = await screen.findByRole( 'dialog' );
		const verification = await within( dialog ).findByText(
			'Not verified: signed with another recovery key'
		);
		expect( verification.closest( 'dd' ) ).toHaveTextContent( EXPLANATION );
	} );

	it( 'counts as verified when the server predates signed records', async () => {
		serveSite( api, {
			settings: offsiteSettings(),
			backups: () => [
				{ ...trusted, verified: undefined, verification: undefined },
			],
		} );
		renderWithRegistry( <App /> );
		const row = await findRow( 'Signed in the bucket' );
		expect( within( row ).queryByText( /Not verified/ ) ).toBeNull();
		expect( button( row, /^Restore the backup of/ ) ).toBeEnabled();
	} );
} );
