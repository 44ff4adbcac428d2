/**
 * Tools → Backups: who may open it, and what an administrator sees.
 */
import path from 'node:path';
import { test, expect } from '@wordpress/e2e-test-utils-playwright';

import { ensureUser, loggedInContext } from './users';

const SCREEN = '/wp-admin/tools.php?page=site-backups';
const SCREENSHOTS = path.join(
	__dirname,
	'..',
	'..',
	'artifacts',
	'screenshots'
);

test.describe( 'Tools → Backups', () => {
	test( 'an administrator finds it under Tools and sees both views', async ( {
		page,
	} ) => {
		await page.goto( '/wp-admin/tools.php' );
		await page
			.locator( '#menu-tools' )
			.getByRole( 'link', { name: 'Backups', exact: true } )
			.click();
		await expect( page ).toHaveURL( /page=site-backups/ );
		await expect(
			page.getByRole( 'heading', { name: 'Backups', level: 1 } )
		).toBeVisible();

		const production = page.getByRole( 'tab', { name: 'Production' } );
		await expect( production ).toHaveAttribute( 'aria-selected', 'true' );
		await expect(
			page.getByRole( 'region', { name: 'Production backups' } )
		).toContainText( 'Recovery points' );
		await page.screenshot( {
			path: path.join( SCREENSHOTS, 'production-view.png' ),
			fullPage: true,
		} );

		await page.getByRole( 'tab', { name: 'Staging' } ).click();
		const staging = page.getByRole( 'region', { name: 'Staging backups' } );
		await expect( staging ).toContainText(
			'Staging sites do not receive automatic backups'
		);
		await expect( page ).toHaveURL( /view=staging/ );
		await page.screenshot( {
			path: path.join( SCREENSHOTS, 'staging-view.png' ),
			fullPage: true,
		} );

		// The view is kept in the URL: a reload lands on Staging again.
		await page.reload();
		await expect(
			page.getByRole( 'tab', { name: 'Staging' } )
		).toHaveAttribute( 'aria-selected', 'true' );
	} );

	test( 'the screen loads without JavaScript errors', async ( {
		page,
		baseURL,
	} ) => {
		const errors: string[] = [];
		page.on( 'pageerror', ( error ) => errors.push( error.message ) );
		page.on( 'console', ( message ) => {
			// Avatars come from gravatar.com, which this network cannot
			// reach; only errors of the site itself count.
			const source = message.location().url;
			const local = ! source || source.startsWith( baseURL! );
			if ( message.type() === 'error' && local ) {
				errors.push( `${ message.text() } (${ source })` );
			}
		} );
		await page.goto( SCREEN );
		await expect(
			page.getByRole( 'tab', { name: 'Staging' } )
		).toBeVisible();
		expect( errors ).toEqual( [] );
	} );

	test( 'an editor is refused the page', async ( {
		browser,
		requestUtils,
		baseURL,
	} ) => {
		const editor = await ensureUser( requestUtils, 'editor' );
		const context = await loggedInContext( browser, baseURL!, editor );
		const page = await context.newPage();
		const response = await page.goto( SCREEN );
		expect( response?.status() ).toBe( 403 );
		await expect( page.locator( 'body' ) ).toContainText(
			'Sorry, you are not allowed to access this page.'
		);
		await expect(
			page
				.locator( '#menu-tools' )
				.getByRole( 'link', { name: 'Backups', exact: true } )
		).toHaveCount( 0 );
		await context.close();
	} );

	test( 'a logged-out visitor is sent to the login page', async ( {
		browser,
		baseURL,
	} ) => {
		const context = await browser.newContext( {
			baseURL,
			storageState: { cookies: [], origins: [] },
		} );
		const page = await context.newPage();
		await page.goto( SCREEN );
		await expect( page ).toHaveURL( /wp-login\.php\?redirect_to=/ );
		await expect( page.locator( '#loginform' ) ).toBeVisible();
		await expect( page.locator( '#site-backups-root' ) ).toHaveCount( 0 );
		await context.close();
	} );
} );
