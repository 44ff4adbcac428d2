/**
 * The list of recovery points at the widths admins use, 1280 px down to a
 * 360 px phone: every row's actions (one menu each) stay on the screen, the
 * menu and the delete dialog open where they can be used, the notice after a
 * delete does not cover the admin menu, and axe finds nothing serious.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';

import { phpOnProduction, siteBackups } from './wp-cli';

const SCREEN = '/wp-admin/tools.php?page=site-backups';
const SCREENSHOTS = path.join(
	__dirname,
	'..',
	'..',
	'artifacts',
	'screenshots'
);
const WIDTHS = [ 1280, 1024, 800, 360 ];
const JOB_TIMEOUT = 180_000;

async function waitForNoRunningJob() {
	await expect
		.poll(
			() =>
				phpOnProduction(
					'echo SiteBackups\\Plugin::instance()->job_runner()->active() ? "running" : "idle";'
				),
			{ timeout: JOB_TIMEOUT, intervals: [ 1000 ] }
		)
		.toBe( 'idle' );
}

/**
 * Backs production up through WP-CLI and returns the new backup's id.
 *
 * @param note The note the row is found by.
 */
function createBackup( note: string ): string {
	return siteBackups( [
		'create',
		'--environment=production',
		`--note=${ note }`,
		'--porcelain',
	] );
}

async function openScreen( page: Page, width: number ) {
	await page.setViewportSize( { width, height: 900 } );
	await page.goto( SCREEN );
	const rows = page.locator( '.site-backups__table tbody tr' );
	await expect( rows.first() ).toBeVisible();
	return rows;
}

function menuToggle( row: Locator ): Locator {
	return row.getByRole( 'button', { name: /^Actions for the backup of / } );
}

/**
 * Where a box lies across the width of the window: nothing of it left of 0
 * or right of the window's width.
 *
 * @param box   The box, as Playwright measures it.
 * @param width The window's width.
 */
function isWithin(
	box: { x: number; width: number } | null,
	width: number
): boolean {
	return box !== null && box.x >= 0 && box.x + box.width <= width;
}

test.describe( 'The list of recovery points at every width', () => {
	test.describe.configure( { mode: 'serial' } );

	test.beforeAll( async () => {
		test.setTimeout( 2 * JOB_TIMEOUT );
		await waitForNoRunningJob();
		// Two backups at least, so there are rows to measure and to tell apart.
		const listed = siteBackups( [
			'list',
			'--environment=production',
			'--format=ids',
		] )
			.split( /\s+/ )
			.filter( Boolean );
		for ( let made = listed.length; made < 2; made++ ) {
			createBackup( `Listed at every width ${ made }` );
		}
	} );

	for ( const width of WIDTHS ) {
		test( `at ${ width } px every row's actions are one menu, on the screen`, async ( {
			page,
		} ) => {
			const rows = await openScreen( page, width );
			const count = await rows.count();
			expect( count ).toBeGreaterThan( 1 );

			const overflow = await page.evaluate(
				() =>
					document.documentElement.scrollWidth >
					document.documentElement.clientWidth
			);
			expect( overflow, 'the page scrolls sideways' ).toBe( false );

			const names = new Set< string >();
			for ( let index = 0; index < count; index++ ) {
				const row = rows.nth( index );
				const controls = row
					.locator( '.site-backups__actions' )
					.locator( 'button, a' );
				await expect( controls ).toHaveCount( 1 );
				const toggle = menuToggle( row );
				await expect( toggle ).toBeVisible();
				expect(
					isWithin( await toggle.boundingBox(), width ),
					`row ${ index + 1 }'s menu lies outside the window`
				).toBe( true );
				names.add( ( await toggle.getAttribute( 'aria-label' ) )! );
			}
			// Two backups made in the same minute are still named apart.
			expect( names.size ).toBe( count );

			const first = rows.first();
			await menuToggle( first ).click();
			const menu = page.getByRole( 'menu', {
				name: /^Actions for the backup of /,
			} );
			await expect( menu ).toBeVisible();
			const items = menu.getByRole( 'menuitem' );
			await expect( items.first() ).toHaveText( 'Details' );
			for ( let index = 0; index < ( await items.count() ); index++ ) {
				expect(
					isWithin( await items.nth( index ).boundingBox(), width ),
					`menu item ${ index + 1 } lies outside the window`
				).toBe( true );
			}
			await page.screenshot( {
				path: path.join( SCREENSHOTS, `list-${ width }px.png` ),
			} );
			await page.keyboard.press( 'Escape' );
			await expect( menu ).toBeHidden();
			await expect( menuToggle( first ) ).toBeFocused();
		} );
	}

	test( 'dates read as WordPress writes them, in the site time zone and formats', async ( {
		page,
	} ) => {
		const rows = await openScreen( page, 1280 );
		const time = rows.first().locator( 'time' );
		const iso = ( await time.getAttribute( 'datetime' ) )!;
		const written = phpOnProduction(
			`echo wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), strtotime( '${ iso }' ) ) . ' (' . wp_timezone_string() . ')';`
		);
		// A site in UTC would not tell its time zone from the browser's (UTC here).
		expect( written ).not.toMatch( /\((UTC|\+00:00)\)$/ );
		await expect( time ).toHaveText( written.replace( / \([^)]*\)$/, '' ) );
	} );

	test( 'at 360 px each backup is a card, its values under their labels', async ( {
		page,
	} ) => {
		const rows = await openScreen( page, 360 );
		await expect(
			page.locator( '.site-backups__table thead' )
		).toBeHidden();
		const row = rows.first();
		const toggle = await menuToggle( row ).boundingBox();
		const date = await row.locator( 'td[data-label="Date"]' ).boundingBox();
		// The menu sits at the card's top right, beside the date.
		expect( toggle!.y ).toBeLessThan( date!.y + date!.height );
		const size = await row.locator( 'td[data-label="Size"]' ).boundingBox();
		expect( size!.y ).toBeGreaterThan( date!.y );
	} );

	for ( const width of [ 1280, 800, 360 ] ) {
		test( `at ${ width } px the delete dialog opens in the middle of the window`, async ( {
			page,
		} ) => {
			const rows = await openScreen( page, width );
			await menuToggle( rows.first() ).click();
			await page
				.getByRole( 'menuitem', { name: /^Delete the backup of / } )
				.click();
			const dialog = page.getByRole( 'dialog', {
				name: 'Delete this backup?',
			} );
			await expect( dialog ).toBeVisible();
			// Past the modal's opening animation.
			await expect
				.poll( async () => ( await dialog.boundingBox() )?.width )
				.toBeGreaterThan( 300 );
			const box = ( await dialog.boundingBox() )!;
			const centre = box.x + box.width / 2;
			expect( Math.abs( centre - width / 2 ) ).toBeLessThanOrEqual( 1 );
			expect( isWithin( box, width ) ).toBe( true );
			expect( box.y ).toBeGreaterThanOrEqual( 0 );
			expect( box.y + box.height ).toBeLessThanOrEqual( 900 );
			await page.screenshot( {
				path: path.join(
					SCREENSHOTS,
					`delete-dialog-${ width }px.png`
				),
			} );
			await dialog.getByRole( 'button', { name: 'Keep it' } ).click();
			await expect( dialog ).toBeHidden();
			await expect( menuToggle( rows.first() ) ).toBeFocused();
		} );
	}

	test( 'the delete dialog is modal, and Escape closes it with focus back on the menu button', async ( {
		page,
	} ) => {
		const rows = await openScreen( page, 1280 );
		await menuToggle( rows.first() ).click();
		await page
			.getByRole( 'menuitem', { name: /^Delete the backup of / } )
			.click();
		const dialog = page.getByRole( 'dialog', {
			name: 'Delete this backup?',
		} );
		await expect( dialog ).toBeVisible();
		// Opened with showModal(): the page behind it is inert.
		expect(
			await dialog.evaluate( ( element ) => element.matches( ':modal' ) )
		).toBe( true );
		await expect(
			dialog.getByRole( 'button', { name: 'Close' } )
		).toBeFocused();
		await page.keyboard.press( 'Escape' );
		await expect( dialog ).toBeHidden();
		await expect( menuToggle( rows.first() ) ).toBeFocused();
	} );

	test( 'the notice after a delete shows at the foot of the window, clear of the admin menu', async ( {
		page,
	} ) => {
		test.setTimeout( JOB_TIMEOUT );
		await waitForNoRunningJob();
		const note = `Deleted from its menu ${ Date.now() }`;
		createBackup( note );
		await openScreen( page, 1280 );
		const row = page.getByRole( 'row' ).filter( { hasText: note } );
		await menuToggle( row ).click();
		await page
			.getByRole( 'menuitem', { name: /^Delete the backup of / } )
			.click();
		await page
			.getByRole( 'dialog', { name: 'Delete this backup?' } )
			.getByRole( 'button', { name: 'Delete backup' } )
			.click();
		await expect( row ).toHaveCount( 0 );

		const notice = page
			.getByRole( 'list', { name: 'Notifications' } )
			.getByRole( 'listitem' )
			.filter( { hasText: 'The backup was deleted.' } );
		await expect( notice ).toBeVisible();
		const box = ( await notice.boundingBox() )!;
		const menu = ( await page.locator( '#adminmenuwrap' ).boundingBox() )!;
		expect( box.x, 'the notice covers the admin menu' ).toBeGreaterThan(
			menu.x + menu.width
		);
		expect( Math.abs( box.x + box.width / 2 - 640 ) ).toBeLessThanOrEqual(
			1
		);
		expect( box.y + box.height ).toBeLessThanOrEqual( 900 );
		await page.screenshot( {
			path: path.join( SCREENSHOTS, 'deleted-notice.png' ),
		} );
	} );

	test( 'axe finds nothing serious on the screen, in a row menu or in the delete dialog', async ( {
		page,
	} ) => {
		// The screen and what it opens; WordPress's own admin menu and bars are not its to fix.
		const serious = async ( ...parts: string[] ) => {
			const axe = new AxeBuilder( { page } );
			parts.forEach( ( part ) => axe.include( part ) );
			return ( await axe.analyze() ).violations
				.filter(
					( violation ) =>
						violation.impact === 'serious' ||
						violation.impact === 'critical'
				)
				.map( ( violation ) => ( {
					id: violation.id,
					help: violation.help,
					nodes: violation.nodes.map( ( node ) => node.target ),
				} ) );
		};

		// Wide: a button for each action.
		await openScreen( page, 1440 );
		expect( await serious( '#site-backups-root' ) ).toEqual( [] );

		const rows = await openScreen( page, 1280 );
		expect( await serious( '#site-backups-root' ) ).toEqual( [] );

		await menuToggle( rows.first() ).click();
		await expect(
			page.getByRole( 'menu', { name: /^Actions for the backup of / } )
		).toBeVisible();
		// The menu opens inside the screen, below its button.
		expect( await serious( '#site-backups-root' ) ).toEqual( [] );

		await page
			.getByRole( 'menuitem', { name: /^Delete the backup of / } )
			.click();
		await expect(
			page.getByRole( 'dialog', { name: 'Delete this backup?' } )
		).toBeVisible();
		expect( await serious( '.site-backups-modal' ) ).toEqual( [] );
	} );
} );
