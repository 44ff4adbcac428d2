import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { ApiBackup, ApiSettings } from '../api/types';
import type { FakeApi } from '../test-utils/fake-api';
import {
	backup,
	decided,
	environment,
	fetchJob,
	job,
	offsiteSettings,
	settings,
} from '../test-utils/fixtures';
import { renderWithRegistry } from '../test-utils/render';
import { findRegion, findRow, openScreen } from '../test-utils/screen';
import { withSiteDate } from '../test-utils/site-date';
import { withWindowWidth } from '../test-utils/viewport';
import { App } from './App';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

type User = ReturnType< typeof userEvent.setup >;

const standard: ApiSettings = {
	...settings,
	plan: {
		name: 'standard',
		label: 'Standard',
		retention_days: 1,
		set_by_host: true,
	},
};

let api: FakeApi;

/**
 * Serves production and staging; GET /backups answers by environment and
 * type from the backups given.
 *
 * @param backups      Every backup of both environments.
 * @param siteSettings The settings.
 */
function serveSite(
	backups: ApiBackup[] = [],
	siteSettings: ApiSettings = settings
) {
	api.on( 'GET', '/environments', () => [
		environment(),
		environment( {
			name: 'staging',
			label: 'Staging',
			automatic_backups: false,
			next_scheduled: null,
		} ),
	] );
	api.on( 'GET', '/settings', () => siteSettings );
	api.on( 'GET', '/jobs', () => [] );
	api.on( 'GET', '/backups', ( _options, query ) =>
		backups.filter(
			( item ) =>
				item.environment === query.get( 'environment' ) &&
				( ! query.get( 'trigger' ) ||
					item.trigger === query.get( 'trigger' ) )
		)
	);
}

function typeFilter( region: HTMLElement ) {
	return within( region ).getByRole( 'combobox', { name: 'Type' } );
}

function optionsOf( select: HTMLElement ) {
	return within( select )
		.getAllByRole( 'option' )
		.map( ( option ) => option.textContent );
}

async function openStaging( user: User ) {
	await user.click( await screen.findByRole( 'tab', { name: 'Staging' } ) );
	return findRegion( 'Staging backups' );
}

withSiteDate( 'Europe/Paris' );

beforeEach( () => {
	api = openScreen();
} );

describe( 'Filtering the list by type', () => {
	it( 'offers automatic backups on production, not on staging, which never gets them', async () => {
		serveSite();
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const production = await findRegion();
		await within( production ).findByText( 'No backups yet' );
		expect( optionsOf( typeFilter( production ) ) ).toEqual( [
			'All types',
			'Automatic',
			'Manual',
			'Safety',
		] );

		const staging = await openStaging( user );
		await within( staging ).findByText( 'No backups yet' );
		expect( optionsOf( typeFilter( staging ) ) ).toEqual( [
			'All types',
			'Manual',
			'Safety',
		] );
	} );

	it( 'says which type is missing when a filtered list is empty', async () => {
		serveSite( [ backup( { trigger: 'scheduled', note: 'Nightly' } ) ] );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const region = await findRegion();
		await findRow( 'Nightly' );

		await user.selectOptions( typeFilter( region ), 'manual' );
		expect(
			await within( region ).findByRole( 'heading', {
				name: 'No manual backups',
			} )
		).toBeInTheDocument();
		expect( region ).not.toHaveTextContent( 'No backups yet' );
		expect( region ).toHaveTextContent(
			'Backups of the other types are listed under All types.'
		);

		await user.selectOptions( typeFilter( region ), 'safety' );
		expect(
			await within( region ).findByRole( 'heading', {
				name: 'No safety backups',
			} )
		).toBeInTheDocument();

		await user.selectOptions( typeFilter( region ), 'scheduled' );
		expect( await findRow( 'Nightly' ) ).toBeInTheDocument();
	} );
} );

describe( 'How long backups are kept', () => {
	it( 'says one day in the singular, on the screen and in the off-site form', async () => {
		serveSite( [], {
			...offsiteSettings( {
				configured: false,
				encrypted: false,
				destination: '',
				healthy: null,
				last_copy: null,
				set_by_host: false,
				saved: null,
			} ),
			plan: standard.plan,
		} );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		const region = await findRegion();
		expect(
			await within( region ).findByText(
				'Backups are kept for 1 day on the Standard plan.'
			)
		).toBeInTheDocument();

		await user.click(
			within( region ).getByRole( 'button', {
				name: 'Set up off-site copies',
			} )
		);
		const dialog = await screen.findByRole( 'dialog' );
		expect(
			within( dialog ).getByLabelText(
				'Keep local copies for (days, optional)'
			)
		).toHaveAccessibleDescription(
			'Empty: as long as the Standard plan keeps backups (1 day).'
		);
	} );

	it( 'says sixty days in the plural', async () => {
		serveSite();
		renderWithRegistry( <App /> );
		expect(
			await within( await findRegion() ).findByText(
				'Backups are kept for 60 days on the Pro plan.'
			)
		).toBeInTheDocument();
	} );
} );

describe( 'Each recovery point at a glance', () => {
	it( 'shows its type as a badge, and a backup with skipped files apart', async () => {
		serveSite( [
			backup( { id: 'a1', trigger: 'scheduled', note: 'Nightly' } ),
			backup( { id: 'a2', trigger: 'manual', note: 'By hand' } ),
			backup( {
				id: 'a3',
				trigger: 'safety',
				note: 'Taken before restoring 01m8c24kk64pmvymegwwn0y3dr',
				restore_of: {
					id: '01m8c24kk64pmvymegwwn0y3dr',
					created: '2026-11-25T08:30:00+00:00',
				},
			} ),
			backup( {
				id: 'a4',
				note: 'Unreadable files',
				status: 'partial',
				counts: { skipped: 3 },
			} ),
		] );
		renderWithRegistry( <App /> );
		const badge = async ( note: string, text: string ) =>
			within( await findRow( note ) ).getByText( text );
		expect( await badge( 'Nightly', 'Automatic' ) ).toHaveClass(
			'site-backups__badge',
			'site-backups__badge--scheduled'
		);
		expect( await badge( 'By hand', 'Manual' ) ).toHaveClass(
			'site-backups__badge--manual'
		);
		// Which restore it was taken before, in words: never the raw id.
		const safety = await findRow(
			'Before restoring the backup of 25 November 2026 09:30'
		);
		expect( within( safety ).getByText( 'Safety' ) ).toHaveClass(
			'site-backups__badge--safety'
		);
		expect( safety ).not.toHaveTextContent( '01m8c24kk64pmvymegwwn0y3dr' );

		const partial = await findRow( 'Unreadable files' );
		expect(
			within( partial ).getByText( 'Complete, with skipped files' )
		).toHaveClass( 'site-backups__badge--partial' );
		expect( partial ).toHaveTextContent( '3 files skipped' );
		const complete = await findRow( 'By hand' );
		expect( within( complete ).getByText( 'Complete' ) ).not.toHaveClass(
			'site-backups__badge'
		);
	} );

	it( 'shows dates in the site time zone, not the browser one', async () => {
		serveSite( [
			backup( { note: 'At ten UTC', created: '2026-11-26T10:00:00Z' } ),
		] );
		renderWithRegistry( <App /> );
		// Paris, an hour ahead of UTC; jest runs in New York, five hours behind.
		expect( await findRow( 'At ten UTC' ) ).toHaveTextContent(
			'26 November 2026 11:00'
		);
	} );
} );

describe( 'The actions of each backup on a screen 1024 px wide', () => {
	withWindowWidth( 1024 );

	const twoInOneMinute = [
		backup( {
			id: '01m8c24kk64pmvymegwwn0y3d2',
			note: 'Second',
			created: '2026-11-26T10:00:41Z',
		} ),
		backup( {
			id: '01m8c24kk64pmvymegwwn0y3d1',
			note: 'First',
			created: '2026-11-26T10:00:05Z',
		} ),
	];

	it( 'are one menu per row, named apart for backups made in the same minute', async () => {
		serveSite( twoInOneMinute );
		renderWithRegistry( <App /> );
		const first = await findRow( 'First' );
		const second = await findRow( 'Second' );
		expect( within( first ).getAllByRole( 'button' ) ).toHaveLength( 1 );
		expect(
			within( first ).getByRole( 'button', {
				name: 'Actions for the backup of 26 November 2026 11:00:05',
			} )
		).toBeInTheDocument();
		expect(
			within( second ).getByRole( 'button', {
				name: 'Actions for the backup of 26 November 2026 11:00:41',
			} )
		).toBeInTheDocument();
		expect( first ).toHaveTextContent( '26 November 2026 11:00' );
		expect( within( first ).queryByRole( 'link' ) ).toBeNull();
	} );

	it( 'offer details, restore, download and delete, each as the server decides', async () => {
		serveSite( twoInOneMinute );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			within( await findRow( 'First' ) ).getByRole( 'button', {
				name: /^Actions for the backup of/,
			} )
		);
		const menu = await screen.findByRole( 'menu' );
		expect(
			within( menu )
				.getAllByRole( 'menuitem' )
				.map( ( item ) => item.textContent )
		).toEqual( [
			'Details',
			'Browse',
			'Compare with…',
			'Restore…',
			'Download',
			'Delete',
		] );
		const download = within( menu ).getByRole( 'menuitem', {
			name: 'Download the backup of 26 November 2026 11:00:05',
		} );
		expect( download.tagName ).toBe( 'A' );
		expect( download ).toHaveAttribute(
			'href',
			expect.stringContaining(
				'/backups/01m8c24kk64pmvymegwwn0y3d1/download'
			)
		);

		await user.click(
			within( menu ).getByRole( 'menuitem', {
				name: 'Delete the backup of 26 November 2026 11:00:05',
			} )
		);
		const dialog = await screen.findByRole( 'dialog', {
			name: 'Delete this backup?',
		} );
		expect( dialog ).toHaveTextContent(
			'The backup of 26 November 2026 11:00 will be deleted.'
		);
		expect( screen.queryByRole( 'menu' ) ).toBeNull();
		await user.click(
			within( dialog ).getByRole( 'button', { name: 'Keep it' } )
		);
		await waitFor( () =>
			expect( screen.queryByRole( 'dialog' ) ).toBeNull()
		);
		expect(
			api.calls.filter( ( call ) => call.method === 'DELETE' )
		).toEqual( [] );
	} );

	it( 'leave out what the server refuses, and say why a refused one cannot be done', async () => {
		serveSite( [
			backup( {
				note: 'Refused here',
				can_delete: false,
				can_restore: false,
				can_download: false,
			} ),
		] );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			within( await findRow( 'Refused here' ) ).getByRole( 'button', {
				name: /^Actions for the backup of/,
			} )
		);
		const menu = await screen.findByRole( 'menu' );
		expect(
			within( menu ).queryByRole( 'menuitem', { name: /^Delete/ } )
		).toBeNull();
		const restore = within( menu ).getByRole( 'menuitem', {
			name: /^Restore the backup of/,
		} );
		expect( restore ).toHaveAttribute( 'aria-disabled', 'true' );
		expect( restore ).toHaveAccessibleDescription(
			'The server does not accept this for this backup.'
		);
		await user.click( restore );
		expect( screen.queryByRole( 'dialog' ) ).toBeNull();
	} );

	it( 'fetch a backup kept only off-site in place of its download', async () => {
		const remote = backup( {
			id: '01m8c24kk64pmvymegwwn0y3d3',
			note: 'Kept in the bucket',
			locations: [ 'offsite' ],
		} );
		serveSite( [ remote ], offsiteSettings() );
		api.on( 'POST', '/backups/:id/fetch', () => fetchJob( remote.id ) );
		api.on( 'GET', '/jobs/:id', () => fetchJob( remote.id ) );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			within( await findRow( 'Kept in the bucket' ) ).getByRole(
				'button',
				{ name: /^Actions for the backup of/ }
			)
		);
		const menu = await screen.findByRole( 'menu' );
		expect(
			within( menu ).queryByRole( 'menuitem', { name: /^Download/ } )
		).toBeNull();
		await user.click(
			within( menu ).getByRole( 'menuitem', {
				name: 'Fetch the backup of 26 November 2026 11:00:00 from off-site storage',
			} )
		);
		expect( api.calls ).toContainEqual( {
			method: 'POST',
			path: `/backups/${ remote.id }/fetch`,
			data: undefined,
		} );
		expect( await screen.findByRole( 'status' ) ).toHaveTextContent(
			'Fetching a backup from off-site storage…'
		);
	} );

	it( 'open the details of the backup chosen', async () => {
		serveSite( twoInOneMinute );
		api.on( 'GET', '/backups/:id', ( options ) => ( {
			...decided(
				twoInOneMinute.find( ( item ) =>
					options.path?.includes( item.id )
				) as ApiBackup
			),
			details: { skipped: [], excluded: [] },
			log: [],
		} ) );
		const user = userEvent.setup();
		renderWithRegistry( <App /> );
		await user.click(
			within( await findRow( 'Second' ) ).getByRole( 'button', {
				name: /^Actions for the backup of/,
			} )
		);
		await user.click(
			await screen.findByRole( 'menuitem', { name: /^Details/ } )
		);
		expect(
			await screen.findByRole( 'dialog', {
				name: 'Backup of 26 November 2026 11:00',
			} )
		).toHaveTextContent( 'Nothing was skipped.' );
	} );
} );

describe( 'The actions of each backup on a screen 1440 px wide', () => {
	withWindowWidth( 1440 );

	it( 'are a button each', async () => {
		serveSite( [ backup( { note: 'Roomy' } ) ] );
		renderWithRegistry( <App /> );
		const row = await findRow( 'Roomy' );
		expect(
			within( row ).queryByRole( 'button', { name: /^Actions for/ } )
		).toBeNull();
		expect(
			Array.from( row.querySelectorAll( 'button, a' ) ).map(
				( control ) => control.textContent
			)
		).toEqual( [
			'Details',
			'Browse',
			'Compare with…',
			'Restore…',
			'Download',
			'Delete',
		] );
		expect(
			within( row ).getByRole( 'link', { name: /^Download the backup/ } )
		).toBeInTheDocument();
	} );
} );

describe( 'A list of more than one day', () => {
	it( 'heads each day of the page, so sixty days of backups can be scanned', async () => {
		serveSite( [
			backup( {
				id: 'a'.repeat( 26 ),
				note: 'Late',
				created: '2026-11-26T20:00:00+00:00',
			} ),
			backup( {
				id: 'b'.repeat( 26 ),
				note: 'Early',
				created: '2026-11-26T08:00:00+00:00',
			} ),
			backup( {
				id: 'c'.repeat( 26 ),
				note: 'Before',
				created: '2026-11-24T08:00:00+00:00',
			} ),
		] );
		renderWithRegistry( <App /> );
		const table = await screen.findByRole( 'table' );
		await findRow( 'Before' );
		const groups = within( table )
			.getAllByRole( 'rowgroup' )
			.slice( 1 )
			.map( ( group ) => [
				within( group ).getByRole( 'rowheader' ).textContent,
				within( group )
					.getAllByRole( 'row' )
					.slice( 1 )
					.map(
						( row ) =>
							row.querySelector( '.site-backups__note' )
								?.textContent
					),
			] );
		expect( groups ).toEqual( [
			[ 'Thursday, 26 November 2026', [ 'Late', 'Early' ] ],
			[ 'Tuesday, 24 November 2026', [ 'Before' ] ],
		] );
	} );

	it( 'puts no heading over a page of one day', async () => {
		serveSite( [ backup( { note: 'Only' } ) ] );
		renderWithRegistry( <App /> );
		const table = await screen.findByRole( 'table' );
		await findRow( 'Only' );
		expect( within( table ).queryByRole( 'rowheader' ) ).toBeNull();
	} );
} );

describe( 'A backup being copied off-site', () => {
	it( 'says how far its copy is on its row, and lets a new backup start meanwhile', async () => {
		serveSite( [
			backup( {
				note: 'Just made',
				offsite_copy: {
					state: 'copying',
					done_bytes: 40,
					total_bytes: 100,
				},
			} ),
		] );
		api.on( 'GET', '/jobs', () => [
			job( { kind: 'offsite', environment: '' } ),
		] );
		renderWithRegistry( <App /> );
		const row = await findRow( 'Just made' );
		expect( row ).toHaveTextContent( 'Copying off-site… 40%' );
		const region = await findRegion();
		expect(
			within( region ).getByRole( 'button', {
				name: 'Create a new backup from Production',
			} )
		).toBeEnabled();
		expect( region ).not.toHaveTextContent( 'is running' );
	} );
} );
